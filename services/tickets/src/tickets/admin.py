"""Operator commands (`python -m tickets.admin <command>`), run beside the tickets service:

- `issue-token --name NAME [--role ROLE] [--email EMAIL]` adds an agent and prints their first
  token; `issue-token --agent-id ID` prints another token for an existing agent. A token is shown
  once (only its digest is stored) and works in every service (sla, notify, chat) within seconds.
- `revoke-token TOKEN_ID` (or the whole token) ends that token everywhere within seconds.
- `deactivate-agent AGENT_ID` ends every token of the agent and takes them off assignments.
- `list-tokens AGENT_ID` prints the ids and issue times of an agent's valid tokens.
- `dev-token` makes sure a development admin token exists in `.run/dev-admin-token`, prints it;
  the admin's e-mail is admin@helpdesk.example.com (sign in to `/desk/` with it in `make run`).

The running tickets service publishes each change (its outbox relay polls the database), so the
service must be running for other services to learn of it.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TypeVar

from pydantic import EmailStr, TypeAdapter, ValidationError

from helpdesk_runtime.database import connect_mongo
from helpdesk_runtime.staff_tokens import token_ids
from tickets.adapters.staff_store import StaffStore
from tickets.domain.agents import AgentRole
from tickets.settings import TicketsSettings

DEV_TOKEN_PATH = Path(".run") / "dev-admin-token"
DEV_ADMIN_EMAIL = "admin@helpdesk.example.com"
T = TypeVar("T")


@asynccontextmanager
async def staff_store(settings: TicketsSettings) -> AsyncIterator[StaffStore]:
    client = connect_mongo(settings.mongo_url)
    try:
        store = StaffStore(client[settings.database_name("tickets")])
        await store.ensure_indexes()
        yield store
    finally:
        await client.close()


def with_store(settings: TicketsSettings, use: Callable[[StaffStore], Awaitable[T]]) -> T:
    async def run() -> T:
        async with staff_store(settings) as store:
            return await use(store)

    return asyncio.run(run())


async def issue_token(
    store: StaffStore,
    *,
    name: str,
    role: AgentRole,
    agent_id: str | None = None,
    email: str | None = None,
) -> str:
    """A token for the agent `agent_id`, or for a new agent called `name` with `role`."""
    if agent_id:
        agent = await store.agent(agent_id)
        if agent is None or not agent.active:
            raise SystemExit(f"no active agent {agent_id}")
    else:
        agent = await store.add_agent(name=name, role=role, email=email)
    return await store.issue_token(agent)


async def revoke(store: StaffStore, token_or_id: str) -> str:
    ids = token_ids(token_or_id)
    if ids is None and token_or_id.startswith("hd_"):
        if await store.revoke_legacy_token(token_or_id):
            return "revoked"
        raise SystemExit("no such token")
    holder = await store.revoke_token(ids.token_id if ids else token_or_id)
    if holder is None:
        raise SystemExit(f"no valid token {token_or_id}")
    return f"revoked a token of {holder}"


async def deactivate(store: StaffStore, agent_id: str) -> str:
    if await store.update_agent(agent_id, {"active": False}) is None:
        raise SystemExit(f"no agent {agent_id}")
    return f"deactivated {agent_id}"


async def list_tokens(store: StaffStore, agent_id: str) -> str:
    tokens = await store.tokens_of(agent_id)
    return "\n".join(f"{t['token_id']}  issued {t['issued_at']:%Y-%m-%d %H:%M} UTC" for t in tokens)


async def _with_dev_email(store: StaffStore, token: str) -> str | None:
    """`token` if valid; its admin then has DEV_ADMIN_EMAIL (to sign in to `/desk/`)."""
    credential = await store.credential(token)
    if credential is None:
        return None
    agent = await store.agent(credential.agent_id)
    if agent is not None and not agent.email:
        await store.update_agent(agent.id, {"email": DEV_ADMIN_EMAIL})
    return token


def dev_token(settings: TicketsSettings, path: Path = DEV_TOKEN_PATH) -> str:
    """The development admin token: reused while valid everywhere (tokens of the old `hd_…`
    form, which only tickets accepts, are replaced). Its admin's e-mail is DEV_ADMIN_EMAIL, so
    a newcomer signs in to the workspace with the link the mail catcher shows."""
    existing = path.read_text().strip() if path.exists() else ""
    if token_ids(existing) and with_store(settings, lambda s: _with_dev_email(s, existing)):
        return existing
    token = with_store(
        settings,
        lambda s: issue_token(
            s, name="Admin (development)", role=AgentRole.ADMIN, email=DEV_ADMIN_EMAIL
        ),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return token


def email_address(text: str) -> str:
    try:
        return str(TypeAdapter(EmailStr).validate_python(text))
    except ValidationError:
        raise argparse.ArgumentTypeError(f"not an email address: {text!r}") from None


def parser() -> argparse.ArgumentParser:
    main_parser = argparse.ArgumentParser(prog="python -m tickets.admin")
    commands = main_parser.add_subparsers(dest="command", required=True)
    issue = commands.add_parser("issue-token", help="print a new staff bearer token")
    issue.add_argument("--name", help="name of the new agent")
    issue.add_argument("--role", choices=[r.value for r in AgentRole], default="agent")
    issue.add_argument("--email", type=email_address, help="email of the new agent")
    issue.add_argument("--agent-id", help="token for an existing agent instead of a new one")
    revoke_command = commands.add_parser("revoke-token", help="end a token everywhere")
    revoke_command.add_argument("token", help="token id (t-…) or the whole token")
    deactivate_command = commands.add_parser("deactivate-agent", help="end an agent's access")
    deactivate_command.add_argument("agent_id")
    list_command = commands.add_parser("list-tokens", help="an agent's valid token ids")
    list_command.add_argument("agent_id")
    dev = commands.add_parser("dev-token", help="write .run/dev-admin-token and print it")
    dev.add_argument("--path", type=Path, default=DEV_TOKEN_PATH)
    return main_parser


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    settings = TicketsSettings()
    if args.command == "dev-token":
        print(dev_token(settings, args.path))
        return
    if args.command == "issue-token" and not (args.name or args.agent_id):
        raise SystemExit("issue-token needs --name (a new agent) or --agent-id")
    commands: dict[str, Callable[[StaffStore], Awaitable[str]]] = {
        "issue-token": lambda s: issue_token(
            s,
            name=args.name,
            role=AgentRole(args.role),
            agent_id=args.agent_id,
            email=args.email,
        ),
        "revoke-token": lambda s: revoke(s, args.token),
        "deactivate-agent": lambda s: deactivate(s, args.agent_id),
        "list-tokens": lambda s: list_tokens(s, args.agent_id),
    }
    print(with_store(settings, commands[args.command]))


if __name__ == "__main__":
    main()
