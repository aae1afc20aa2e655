"""Idempotent consumers: an event is applied once per queue, even when copies arrive together.

Deliveries of one queue are handled concurrently (up to the prefetch), so a plain "seen?" check
would let two copies of an event both through. A consumer first claims the event (a unique `_id`
per queue and event); once the handler's effects are stored the event is marked applied, and the
claim is released if the handler fails. A claim left by a crashed process can be taken over
after its lease. Marks and claims are remembered for the retention and then removed by TTL
indexes (the server's TTL monitor deletes them within about a minute of expiry).

The marks written together are one document listing their claims (`applied`, a multikey index),
inserted in the same command as the claims queued with them: one document per batch rather
than one per event. On MongoDB that saves documents, not index entries; on the local stand-in
(SecantusDB) each document with its TTL index entry costs 0.1–0.2 ms of server time, which
made marks half of the database's work per delivery (measured in README). A mark is never an
update of the claim: an update by `_id` costs the stand-in 1–3 ms. Earlier versions' marks
(a document `<claim id>:applied` of its own, or `applied_at` in the claim) still count.

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
from helpdesk_runtime.group_commit import AppliedMark, InboxWrites

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
        await self._collection.create_index("applied", sparse=True)  # claims listed by marks

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
        claim, applied = await self._entries(key)
        if applied:
            return Claim.APPLIED
        if claim is None:
            return await self.claim(queue, event_id)  # released meanwhile
        expired = {"_id": key, "applied_at": None, "lease_until": {"$lte": now}}
        taken = await self._collection.update_one(
            expired, {"$set": {"lease_until": now + self._lease}}
        )
        return Claim.TAKEN if taken.modified_count else Claim.BUSY

    async def applied(self, queue: str, event_id: str) -> None:
        await self._writes.inserts.submit(AppliedMark(f"{queue}:{event_id}"))

    def applied_soon(self, queue: str, event_id: str) -> None:
        """Mark the event applied without waiting for the write (see the module's notes)."""
        mark = self._writes.inserts.post(AppliedMark(f"{queue}:{event_id}"))
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
        _, applied = await self._entries(f"{queue}:{event_id}")
        return applied

    async def _entries(self, key: str) -> tuple[Document | None, bool]:
        """The claim `key` (None when there is none) and whether its event was applied: a batch's
        mark document lists it, or (entries of earlier versions) a mark of its own or the
        claim's `applied_at` says so. Read by `_id` and by the `applied` index, never scanned."""
        entries = {
            entry["_id"]: entry
            async for entry in self._collection.find({"_id": {"$in": [key, applied_mark(key)]}})
        }
        claim = entries.get(key)
        if applied_mark(key) in entries or (claim is not None and "applied_at" in claim):
            return claim, True
        batch = await self._collection.find_one({"applied": key}, projection={"_id": 1})
        return claim, batch is not None


def applied_mark(key: str) -> str:
    """`_id` of the mark of its own that earlier versions wrote when claim `key` was applied."""
    return f"{key}:applied"
