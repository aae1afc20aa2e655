"""Idempotent consumers: an event is applied once per queue, even when copies arrive together.

Deliveries of one queue are handled concurrently (up to the prefetch), so a plain "seen?" check
would let two copies of an event both through. A consumer first claims the event (a unique `_id`
per queue and event); the claim becomes `applied` after the handler's effects are stored, and is
released if the handler fails. A claim left by a crashed process expires after its lease. An
applied entry is remembered for the retention and then removed by a TTL index (the server's TTL
monitor deletes it within about a minute of expiry).

The applied mark is posted, not waited for: a delivery is acknowledged once its handler's effects
are stored, and the marks of many deliveries go out as one write meanwhile. That halves the
database round trips a delivery waits for and loses no guarantee: if the mark is never stored
(the process dies, the database is away), the claim stays unmarked and a later copy is applied
again once its lease ends, exactly as when the mark failed before the acknowledgement (the
delivery was retried and re-applied after the lease). A copy arriving while the mark is on its
way finds the claim held and waits (`busy`) like any copy of an event being applied.
"""

from __future__ import annotations

import asyncio
import enum
from datetime import UTC, datetime, timedelta

import structlog
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import OperationFailure

from helpdesk_runtime.database import Document
from helpdesk_runtime.group_commit import InboxWrites

INDEX_OPTIONS_CONFLICT = (85, 86)
"""IndexOptionsConflict, IndexKeySpecsConflict: the index exists with other options."""
log = structlog.get_logger(__name__)


class Claim(enum.Enum):
    TAKEN = "taken"
    """This worker applies the event now."""
    APPLIED = "applied"
    """Already applied: acknowledge and skip."""
    BUSY = "busy"
    """Another worker is applying it right now: try again later."""


class EventInProgress(Exception):
    """A copy of this event is being applied elsewhere; the delivery is retried after a delay."""


class Inbox:
    """Claims and remembers events per consumer queue."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        *,
        lease: timedelta,
        retention: timedelta = timedelta(days=14),
    ) -> None:
        self._collection = database["inbox"]
        self._writes = InboxWrites(self._collection)
        self._lease = lease
        self._retention = retention
        self._marks_on_their_way: set[asyncio.Future[None]] = set()

    async def ensure_indexes(self) -> None:
        """The TTL index that forgets applied entries after the retention.

        An `applied_at` index from before (no TTL, or another retention) is retuned in place.
        """
        seconds = int(self._retention.total_seconds())
        try:
            await self._collection.create_index("applied_at", expireAfterSeconds=seconds)
        except OperationFailure as error:
            if error.code not in INDEX_OPTIONS_CONFLICT:
                raise
            retuned = {"keyPattern": {"applied_at": 1}, "expireAfterSeconds": seconds}
            await self._collection.database.command("collMod", "inbox", index=retuned)

    async def claim(self, queue: str, event_id: str) -> Claim:
        key, now = f"{queue}:{event_id}", datetime.now(UTC)
        if await self._writes.inserts.submit({"_id": key, "lease_until": now + self._lease}):
            return Claim.TAKEN
        existing = await self._collection.find_one({"_id": key})
        if existing is None:
            return await self.claim(queue, event_id)  # released meanwhile
        if "applied_at" in existing:
            return Claim.APPLIED
        expired = {"_id": key, "applied_at": None, "lease_until": {"$lte": now}}
        taken = await self._collection.update_one(
            expired, {"$set": {"lease_until": now + self._lease}}
        )
        return Claim.TAKEN if taken.modified_count else Claim.BUSY

    async def applied(self, queue: str, event_id: str) -> None:
        await self._writes.applied.submit(f"{queue}:{event_id}")

    def applied_soon(self, queue: str, event_id: str) -> None:
        """Mark the event applied without waiting for the write (see the module's notes)."""
        mark = self._writes.applied.post(f"{queue}:{event_id}")
        self._marks_on_their_way.add(mark)
        mark.add_done_callback(self._mark_stored)

    def _mark_stored(self, mark: asyncio.Future[None]) -> None:
        self._marks_on_their_way.discard(mark)
        if not mark.cancelled() and (error := mark.exception()) is not None:
            log.warning("applied mark not stored; a later copy may apply again", error=repr(error))

    async def settle(self, timeout_s: float) -> None:
        """Wait (at most `timeout_s`) for the applied marks still on their way: before shutdown."""
        if self._marks_on_their_way:
            await asyncio.wait(set(self._marks_on_their_way), timeout=timeout_s)

    async def release(self, queue: str, event_id: str) -> None:
        await self._collection.delete_one({"_id": f"{queue}:{event_id}", "applied_at": None})

    async def seen(self, queue: str, event_id: str) -> bool:
        found = await self._collection.find_one({"_id": f"{queue}:{event_id}"})
        return found is not None and "applied_at" in found
