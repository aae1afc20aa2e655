"""Idempotent consumers: an event already applied is acknowledged and skipped."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.database import Document


class Inbox:
    """Remembers which event each consumer queue has applied (unique `_id` per queue and event)."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._collection = database["inbox"]

    async def ensure_indexes(self) -> None:
        await self._collection.create_index("applied_at")

    async def seen(self, queue: str, event_id: str) -> bool:
        return await self._collection.find_one({"_id": f"{queue}:{event_id}"}) is not None

    async def forget_older_than(self, age: timedelta) -> int:
        """Drop entries past any redelivery's reach (the test server has no TTL indexes)."""
        result = await self._collection.delete_many(
            {"applied_at": {"$lt": datetime.now(UTC) - age}}
        )
        return result.deleted_count

    async def remember(self, queue: str, event_id: str) -> None:
        # A concurrent replica may have applied it too: the handler's own writes are idempotent.
        with contextlib.suppress(DuplicateKeyError):
            await self._collection.insert_one(
                {"_id": f"{queue}:{event_id}", "applied_at": datetime.now(UTC)}
            )
