"""Idempotent consumers: an event is applied once per queue, even when copies arrive together.

Deliveries of one queue are handled concurrently (up to the prefetch), so a plain "seen?" check
would let two copies of an event both through. A consumer first claims the event (a unique `_id`
per queue and event); once the handler's effects are stored an applied mark is inserted beside
it (`<claim id>:applied`), and the claim is released if the handler fails. A claim left by a
crashed process can be taken over after its lease. Marks and claims are remembered for the
retention and then removed by TTL indexes (the server's TTL monitor deletes them within about a
minute of expiry). Entries written before marks were documents of their own carry `applied_at`
in the claim itself and still count as applied.

The mark is an insert rather than an update of the claim: the same one write per event on
MongoDB, and on the local stand-in (SecantusDB) an insert costs 0.1–0.3 ms of server time per
document where an update by `_id` costs 1–3 ms (measured in README), which made marks most of
the database's work per delivery.

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
INDEX_NOT_FOUND = 27
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
        self._marks_on_their_way: set[asyncio.Future[bool]] = set()

    async def ensure_indexes(self) -> None:
        """The TTL indexes that forget entries after the retention: applied marks (and entries
        from before marks were documents of their own) by `applied_at`, claims by the end of
        their lease. Both are sparse: a claim has no `applied_at` and a mark no `lease_until`,
        so each entry costs one TTL index entry, not two (a null key in the other index).
        An index from before (not sparse) is rebuilt; another retention is retuned in place."""
        seconds = int(self._retention.total_seconds())
        existing = await self._collection.index_information()
        for field in ("applied_at", "lease_until"):
            found = existing.get(f"{field}_1")
            if found is not None and not found.get("sparse"):
                await self._drop_index(f"{field}_1")
            try:
                await self._collection.create_index(field, expireAfterSeconds=seconds, sparse=True)
            except OperationFailure as error:
                if error.code not in INDEX_OPTIONS_CONFLICT:
                    raise
                retuned = {"keyPattern": {field: 1}, "expireAfterSeconds": seconds}
                await self._collection.database.command("collMod", "inbox", index=retuned)

    async def _drop_index(self, name: str) -> None:
        try:
            await self._collection.drop_index(name)
        except OperationFailure as error:
            if error.code != INDEX_NOT_FOUND:  # another replica dropped it first
                raise

    async def claim(self, queue: str, event_id: str) -> Claim:
        key, now = f"{queue}:{event_id}", datetime.now(UTC)
        if await self._writes.inserts.submit({"_id": key, "lease_until": now + self._lease}):
            return Claim.TAKEN
        entries = {
            entry["_id"]: entry
            async for entry in self._collection.find({"_id": {"$in": [key, applied_mark(key)]}})
        }
        if applied_mark(key) in entries or "applied_at" in entries.get(key, {}):
            return Claim.APPLIED
        if key not in entries:
            return await self.claim(queue, event_id)  # released meanwhile
        expired = {"_id": key, "applied_at": None, "lease_until": {"$lte": now}}
        taken = await self._collection.update_one(
            expired, {"$set": {"lease_until": now + self._lease}}
        )
        return Claim.TAKEN if taken.modified_count else Claim.BUSY

    async def applied(self, queue: str, event_id: str) -> None:
        await self._writes.inserts.submit(self._writes.mark(applied_mark(f"{queue}:{event_id}")))

    def applied_soon(self, queue: str, event_id: str) -> None:
        """Mark the event applied without waiting for the write (see the module's notes)."""
        mark = self._writes.inserts.post(self._writes.mark(applied_mark(f"{queue}:{event_id}")))
        self._marks_on_their_way.add(mark)
        mark.add_done_callback(self._mark_stored)

    def _mark_stored(self, mark: asyncio.Future[bool]) -> None:
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
        key = f"{queue}:{event_id}"
        found = self._collection.find({"_id": {"$in": [key, applied_mark(key)]}})
        return any([applied_mark(key) == e["_id"] or "applied_at" in e async for e in found])


def applied_mark(key: str) -> str:
    """`_id` of the document that says the event of claim `key` was applied."""
    return f"{key}:applied"
