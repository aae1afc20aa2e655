"""Operator commands: `python -m tickets.admin issue-token --name NAME --role ROLE` prints a new
staff token (only its hash is stored); `python -m tickets.admin dev-token` makes sure a
development admin token exists in `.run/dev-admin-token` and prints it."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from helpdesk_runtime.database import connect_mongo
from tickets.adapters.staff_store import StaffStore
from tickets.domain.agents import AgentRole
from tickets.settings import TicketsSettings

DEV_TOKEN_PATH = Path(".run") / "dev-admin-token"


async def issue_token(
    settings: TicketsSettings, *, name: str, role: AgentRole, agent_id: str | None = None
) -> str:
    """A token for the agent `agent_id`, or for a new agent called `name` with `role`."""
    client = connect_mongo(settings.mongo_url)
    try:
        store = StaffStore(client[settings.database_name("tickets")])
        await store.ensure_indexes()
        agent = await store.agent(agent_id) if agent_id else None
        if agent_id and agent is None:
            raise SystemExit(f"no agent {agent_id}")
        if agent is None:
            agent = await store.add_agent(name=name, role=role)
        return await store.issue_token(agent)
    finally:
        await client.close()


async def token_is_known(settings: TicketsSettings, token: str) -> bool:
    client = connect_mongo(settings.mongo_url)
    try:
        store = StaffStore(client[settings.database_name("tickets")])
        return await store.credential(token) is not None
    finally:
        await client.close()


def dev_token(settings: TicketsSettings, path: Path = DEV_TOKEN_PATH) -> str:
    """The development admin token: reused while the database still knows it."""
    existing = path.read_text().strip() if path.exists() else ""
    if existing and asyncio.run(token_is_known(settings, existing)):
        return existing
    token = asyncio.run(issue_token(settings, name="Admin (development)", role=AgentRole.ADMIN))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(token + "\n")
    path.chmod(0o600)
    return token


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tickets.admin")
    commands = parser.add_subparsers(dest="command", required=True)
    issue = commands.add_parser("issue-token", help="print a new staff bearer token")
    issue.add_argument("--name", required=True)
    issue.add_argument("--role", choices=[r.value for r in AgentRole], default="agent")
    issue.add_argument("--agent-id", help="token for an existing agent instead of a new one")
    dev = commands.add_parser("dev-token", help="write .run/dev-admin-token and print it")
    dev.add_argument("--path", type=Path, default=DEV_TOKEN_PATH)
    args = parser.parse_args(argv)
    settings = TicketsSettings()
    if args.command == "issue-token":
        role = AgentRole(args.role)
        print(asyncio.run(issue_token(settings, name=args.name, role=role, agent_id=args.agent_id)))
    else:
        print(dev_token(settings, args.path))


if __name__ == "__main__":
    main()
