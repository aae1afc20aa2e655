"""Staff tokens come from the admin command; only their hash is stored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tickets.adapters.staff_store import token_hash


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


async def test_issued_admin_token_is_accepted_and_stored_hashed(tickets: Any) -> None:
    token = admin(tickets, "issue-token", "--name", "Marta", "--role", "admin")

    answer = await tickets.client.post(
        "/v1/groups",
        json={"id": "cli-admins", "name": "Admins"},
        headers={"Authorization": f"Bearer {token}"},
    )

    assert answer.status_code == 201
    stored = tickets.deps.tickets.collection.database["staff_tokens"]
    assert await stored.count_documents({"_id": token}) == 0
    assert await stored.count_documents({"_id": token_hash(token)}) == 1


async def test_dev_token_is_written_once_and_reused(tickets: Any, tmp_path: Path) -> None:
    path = tmp_path / "dev-admin-token"

    first = admin(tickets, "dev-token", "--path", str(path))
    second = admin(tickets, "dev-token", "--path", str(path))

    assert first == second == path.read_text().strip()
    agents = await tickets.client.get("/v1/agents", headers={"Authorization": f"Bearer {first}"})
    assert agents.status_code == 200
