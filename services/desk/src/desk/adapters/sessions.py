"""Workspace sessions (`desk_sessions` collection): the staff token stays on the server.

The browser holds only a random session id (256 bits) in an HttpOnly cookie; the database holds
its SHA-256 as `_id`, so a leaked database opens no session. Each session carries the staff
bearer token tickets issued at sign-in (used for every API call), who it speaks for, and the
random CSRF token its forms must send back. A read refuses an expired session; the database
deletes expired ones itself (a TTL index on `expires_at`; its monitor runs about once a minute).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document


@dataclass(frozen=True, slots=True)
class StaffSession:
    agent_id: str
    name: str
    role: str
    group_ids: tuple[str, ...]
    staff_token: str
    csrf_token: str
    available: bool = True


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


class SessionStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database["desk_sessions"]

    async def ensure_indexes(self) -> None:
        former = (await self.collection.index_information()).get("expires_at_1")
        if former is not None and "expireAfterSeconds" not in former:
            await self.collection.drop_index("expires_at_1")  # the plain index of the old sweep
        await self.collection.create_index("expires_at", expireAfterSeconds=0)

    async def open(self, *, agent: Document, staff_token: str, max_age: timedelta) -> str:
        """A new session for `agent` (the staff directory's view of them); its id, for the
        cookie."""
        session_id = secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        await self.collection.insert_one(
            {
                "_id": _key(session_id),
                "agent_id": agent["id"],
                "name": agent["name"],
                "role": agent["role"],
                "group_ids": list(agent.get("group_ids") or []),
                "staff_token": staff_token,
                "csrf_token": secrets.token_urlsafe(32),
                "available": bool(agent.get("available", True)),
                "created_at": now,
                "expires_at": now + max_age,
            }
        )
        return session_id

    async def find(self, session_id: str) -> StaffSession | None:
        document = await self.collection.find_one(
            {"_id": _key(session_id), "expires_at": {"$gt": datetime.now(UTC)}}
        )
        if document is None:
            return None
        return StaffSession(
            agent_id=document["agent_id"],
            name=document["name"],
            role=document["role"],
            group_ids=tuple(document["group_ids"]),
            staff_token=document["staff_token"],
            csrf_token=document["csrf_token"],
            available=document.get("available", True),
        )

    async def close(self, session_id: str) -> None:
        await self.collection.delete_one({"_id": _key(session_id)})

    async def set_available(self, session_id: str, available: bool) -> None:
        """What the header shows after the analyst changed their availability."""
        changed = {"$set": {"available": available}}
        await self.collection.update_one({"_id": _key(session_id)}, changed)
