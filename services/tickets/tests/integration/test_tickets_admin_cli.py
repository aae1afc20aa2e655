"""Staff tokens come from the admin command; only a digest is stored, and the same command
revokes a token or deactivates an agent."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from helpdesk_runtime.staff_tokens import token_ids, token_sha256


def admin(tickets: Any, *args: str) -> str:
    environment = {**os.environ, **tickets.run.environment()}
    done = subprocess.run(
        [sys.executable, "-m", "tickets.admin", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


async def status_with(tickets: Any, token: str) -> int:
    answer = await tickets.client.get("/v1/groups", headers={"Authorization": f"Bearer {token}"})
    return int(answer.status_code)


async def test_issued_admin_token_is_accepted_and_stored_as_a_digest(tickets: Any) -> None:
    token = admin(tickets, "issue-token", "--name", "Marta", "--role", "admin")

    answer = await tickets.client.post(
        "/v1/groups",
        json={"id": "cli-admins", "name": "Admins"},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert answer.status_code == 201
    ids = token_ids(token)
    assert ids is not None
    stored = await tickets.deps.staff.collection.find_one({"_id": ids.agent_id})
    assert [(t["token_id"], t["sha256"]) for t in stored["tokens"]] == [
        (ids.token_id, token_sha256(token))
    ]
    assert token not in str(stored)


async def test_a_revoked_token_and_the_tokens_of_a_deactivated_agent_are_refused(
    tickets: Any,
) -> None:
    first = admin(tickets, "issue-token", "--name", "Rui", "--role", "leader")
    ids = token_ids(first)
    assert ids is not None
    second = await tickets.deps.staff.issue_token(await tickets.deps.staff.agent(ids.agent_id))
    listed = admin(tickets, "list-tokens", ids.agent_id)
    assert ids.token_id in listed
    assert len(listed.splitlines()) == 2

    admin(tickets, "revoke-token", ids.token_id)
    assert await status_with(tickets, first) == 401
    assert await status_with(tickets, second) == 200

    admin(tickets, "deactivate-agent", ids.agent_id)
    assert await status_with(tickets, second) == 401
    agent = await tickets.deps.staff.agent(ids.agent_id)
    assert (agent.active, agent.available) == (False, False)


async def test_dev_token_is_written_once_and_reused_and_an_old_form_one_replaced(
    tickets: Any, tmp_path: Path
) -> None:
    path = tmp_path / "dev-admin-token"
    path.write_text("hd_an-old-token-only-tickets-knew\n")

    first = admin(tickets, "dev-token", "--path", str(path))
    second = admin(tickets, "dev-token", "--path", str(path))

    assert token_ids(first) is not None
    assert first == second == path.read_text().strip()
    agents = await tickets.client.get("/v1/agents", headers={"Authorization": f"Bearer {first}"})
    assert agents.status_code == 200
