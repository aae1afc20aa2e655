"""The outbox relay: publishes the pending events of one collection, in batches.

One pass costs a handful of database commands however many documents it carries: it picks up
to `batch` pending documents no relay holds (one indexed find), leases them with one
`update_many` that stamps a token of this pass, reads what it got with one find, publishes the
documents' entries concurrently (oldest first within a document, confirms of different
documents in flight together, at most `in_flight` documents at a time) and gives the documents
back with one `bulk_write` that removes what was confirmed. A crash anywhere leaves the entries
in place: the lease expires and any replica publishes them again (consumers skip the duplicate
by event_id). Publishing stops at half the lease, so no other relay takes over an entry this one
is still sending.

Queries avoid `$or` and `find_one_and_update`: on the local server (SecantusDB) both read the
whole collection; `{leased_until: {$not: {$gt: now}}}` (no lease, or an expired one) does not.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from datetime import UTC, datetime, timedelta

import structlog
from pymongo import UpdateMany, UpdateOne
from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import LEASED_BY, LEASED_UNTIL, OUTBOX_FIELD, PENDING_FIELD
from helpdesk_runtime.publisher import EventPublisher

log = structlog.get_logger(__name__)
UNLEASED = {LEASED_UNTIL: "", LEASED_BY: ""}


class OutboxRelay:
    """Publishes the pending events of one collection, oldest first within each document."""

    def __init__(
        self,
        *,
        collection: AsyncCollection[Document],
        publisher: EventPublisher,
        poll_s: float,
        lease_s: float = 30.0,
        batch: int = 200,
        in_flight: int = 64,
    ) -> None:
        self._collection = collection
        self._publisher = publisher
        self._poll_s = poll_s
        self._lease = timedelta(seconds=lease_s)
        self._batch = batch
        self._in_flight = in_flight
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called after a write that pushed events, so they leave now, not at the next poll."""
        self._wake.set()

    async def drain_once(self) -> int:
        """Publish what is pending now and not leased by another relay; returns how many.

        Raises the first publish failure once the batch is given back.
        """
        token = uuid.uuid4().hex
        documents = await self._lease_batch(token)
        if not documents:
            return 0
        stop_at = time.monotonic() + self._lease.total_seconds() / 2
        failures: list[BaseException] = []
        published: list[list[str]] = [[] for _ in documents]
        limit = asyncio.Semaphore(self._in_flight)

        async def relay(document: Document, sent: list[str]) -> None:
            async with limit:
                await self._publish_in_order(document, sent, stop_at, failures)

        try:
            await asyncio.gather(*map(relay, documents, published))
        finally:  # also when cancelled: what was confirmed is removed, the rest given back
            emptied = await self._release(token, documents, published)
        if failures:
            raise failures[0]
        if emptied < len(documents):  # events pushed meanwhile, which other relays skipped: now
            self._wake.set()
        return sum(map(len, published))

    async def _lease_batch(self, token: str) -> list[Document]:
        """Lease up to `batch` pending documents nobody holds; their outbox entries."""
        now = datetime.now(UTC)
        free = {PENDING_FIELD: True, LEASED_UNTIL: {"$not": {"$gt": now}}}
        candidates = self._collection.find(
            free, {"_id": 1}, limit=self._batch, batch_size=self._batch
        )
        ids = [candidate["_id"] async for candidate in candidates]
        if not ids:
            return []
        claim = {"$set": {LEASED_UNTIL: now + self._lease, LEASED_BY: token}}
        taken = await self._collection.update_many({**free, "_id": {"$in": ids}}, claim)
        if taken.modified_count == 0:
            return []  # another replica's relay took them first
        held = {"_id": {"$in": ids}, LEASED_BY: token}
        return await self._collection.find(
            held, {OUTBOX_FIELD: 1}, limit=len(ids), batch_size=len(ids)
        ).to_list(None)

    async def _publish_in_order(
        self, document: Document, sent: list[str], stop_at: float, failures: list[BaseException]
    ) -> None:
        """Publish one document's entries one after the other, recording each confirmed id."""
        for entry in document.get(OUTBOX_FIELD) or []:
            if failures or time.monotonic() > stop_at:
                return
            try:
                await self._publisher.publish_entry(entry)
            except Exception as error:  # kept pending; the other documents stop too
                failures.append(error)
                return
            sent.append(entry["event_id"])

    async def _release(
        self, token: str, documents: list[Document], published: list[list[str]]
    ) -> int:
        """Give the batch back with what was confirmed removed; how many documents have no event
        left. Usually one write per document: a document still holding just the entries this pass
        read and sent (same count under its lease: writers only push) is emptied, unleased and
        unflagged at once. Otherwise (an event pushed meanwhile, a publish not confirmed, a lease
        lost) the careful way below."""
        whole = [
            UpdateOne(
                {"_id": document["_id"], LEASED_BY: token, OUTBOX_FIELD: {"$size": len(sent)}},
                {"$set": {OUTBOX_FIELD: []}, "$unset": {**UNLEASED, PENDING_FIELD: ""}},
            )
            for document, sent in zip(documents, published, strict=True)
            if len(sent) == len(document.get(OUTBOX_FIELD) or [])
        ]
        if whole:
            cleared = await self._collection.bulk_write(whole, ordered=False)
            if cleared.matched_count == len(documents):
                return len(documents)
        return await self._release_each(token, documents, published)

    async def _release_each(
        self, token: str, documents: list[Document], published: list[list[str]]
    ) -> int:
        """Remove the confirmed entries (even from a document whose lease was lost), give the
        leases back and lower the flag only where no event is left."""
        ids = [document["_id"] for document in documents]
        removals: list[UpdateOne | UpdateMany] = [
            UpdateOne(
                {"_id": document["_id"]}, {"$pull": {OUTBOX_FIELD: {"event_id": {"$in": sent}}}}
            )
            for document, sent in zip(documents, published, strict=True)
            if sent
        ]
        removals.append(UpdateMany({"_id": {"$in": ids}, LEASED_BY: token}, {"$unset": UNLEASED}))
        await self._collection.bulk_write(removals, ordered=True)
        # An event pushed after the removal keeps its `outbox.0`, so the flag stays up over it.
        emptied = {"_id": {"$in": ids}, f"{OUTBOX_FIELD}.0": {"$exists": False}}
        lowered = await self._collection.update_many(emptied, {"$unset": {PENDING_FIELD: ""}})
        return lowered.matched_count

    async def run(self) -> None:
        """Relay until cancelled; an outage is logged and retried at the next poll."""
        while True:
            self._wake.clear()
            try:
                while await self.drain_once() >= self._batch:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as error:  # outage: what was not confirmed stays pending
                log.warning("outbox relay paused", error=repr(error)[:300])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_s)
