"""Transactional outbox: events live inside the changed document until the relay publishes them.

A state change and the events it causes are one atomic single-document update (`outbox_push`);
the relay publishes each pending event with a confirm and only then removes it, so a crash at any
point re-publishes (consumers skip the duplicate by event_id) and never loses an event.

Replicas of a service each run a relay on the same collection. A relay first leases a document
(a conditional `update_one`: it holds no lease, or an expired one), reads its entries by `_id`,
publishes them and removes them as it gives the lease back; so two replicas never publish the
same entry, and the events of a replica killed mid-way are taken over once its lease expires.
`find_one_and_update` is not used: on the local server it reads the whole collection.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import structlog
from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.database import Document
from helpdesk_runtime.publisher import EventPublisher

OUTBOX_FIELD = "outbox"
# True while the document holds events to publish, unset otherwise: a sparse index on it holds
# only the documents with work, so the relay's query stays small however large the collection.
PENDING_FIELD = "outbox_pending"
LEASED_UNTIL = "outbox_leased_until"
LEASED_BY = "outbox_leased_by"
log = structlog.get_logger(__name__)


def outbox_entries(
    envelopes: Sequence[Envelope[Any]], *, exchange: str = EVENTS_EXCHANGE
) -> list[Document]:
    """The stored form of events waiting to be published."""
    return [
        {
            "event_id": str(envelope.event_id),
            "exchange": exchange,
            "routing_key": envelope.routing_key,
            "correlation_id": envelope.correlation_id,
            "body": envelope.model_dump_json(),
        }
        for envelope in envelopes
    ]


def outbox_fields(envelopes: Sequence[Envelope[Any]]) -> Document:
    """The fields of a new document that records `envelopes` with its own insertion."""
    entries = outbox_entries(envelopes)
    return {OUTBOX_FIELD: entries, PENDING_FIELD: True} if entries else {OUTBOX_FIELD: []}


def outbox_push(envelopes: Sequence[Envelope[Any]]) -> Document:
    """The operators of an update that records `envelopes` with the change that caused them.

    `$max` raises the pending flag without touching the caller's `$set`.
    """
    return {
        "$push": {OUTBOX_FIELD: {"$each": outbox_entries(envelopes)}},
        "$max": {PENDING_FIELD: True},
    }


def with_outbox(update: Document, envelopes: Sequence[Envelope[Any]]) -> Document:
    """`update` that also records `envelopes`, merged with operators it already uses."""
    merged = {operator: dict(fields) for operator, fields in update.items()}
    for operator, fields in outbox_push(envelopes).items():
        merged.setdefault(operator, {}).update(fields)
    return merged


async def ensure_outbox_index(collection: AsyncCollection[Document]) -> None:
    """Index the pending flag, and flag any document left with events but no flag.

    The second part is one scan at start-up: it catches documents written before the flag
    existed, so a restart publishes whatever they hold.
    """
    await collection.create_index(PENDING_FIELD, sparse=True)
    unflagged = {f"{OUTBOX_FIELD}.0": {"$exists": True}, PENDING_FIELD: {"$exists": False}}
    await collection.update_many(unflagged, {"$set": {PENDING_FIELD: True}})


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
    ) -> None:
        self._collection = collection
        self._publisher = publisher
        self._poll_s = poll_s
        self._lease = timedelta(seconds=lease_s)
        self._batch = batch
        self._relay_id = uuid.uuid4().hex
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called after a write that pushed events, so they leave now, not at the next poll."""
        self._wake.set()

    async def drain_once(self) -> int:
        """Publish what is pending now and not leased by another relay; returns how many."""
        published = 0
        now = datetime.now(UTC)
        unleased: list[Document] = [
            {LEASED_UNTIL: {"$exists": False}},
            {LEASED_UNTIL: {"$lte": now}},
        ]
        query = {PENDING_FIELD: True, "$or": unleased}
        cursor = self._collection.find(query, {"_id": 1}).limit(self._batch)
        async for candidate in cursor:
            published += await self._relay_document(candidate["_id"], unleased)
        return published

    async def _relay_document(self, document_id: object, unleased: list[Document]) -> int:
        """Lease one document, publish its entries while the lease surely holds, give it back."""
        until = datetime.now(UTC) + self._lease
        claim = {"$set": {LEASED_UNTIL: until, LEASED_BY: self._relay_id}}
        taken = await self._collection.update_one(
            {"_id": document_id, PENDING_FIELD: True, "$or": unleased}, claim
        )
        if taken.modified_count == 0:
            return 0  # another replica's relay has it
        document = await self._collection.find_one({"_id": document_id}, {OUTBOX_FIELD: 1})
        entries = (document or {}).get(OUTBOX_FIELD) or []
        # Stop well before the lease ends, so that no other relay takes over an entry this one
        # is still publishing (each publish is bounded by the confirm timeout).
        stop_at = time.monotonic() + self._lease.total_seconds() / 2
        published: list[str] = []
        try:
            for entry in entries:
                if time.monotonic() > stop_at:
                    break
                await self._publisher.publish_entry(entry)
                published.append(entry["event_id"])
        finally:
            emptied = await self._release(document_id, published)
        if not emptied:  # events pushed meanwhile, which the other replicas skipped: now
            self._wake.set()
        return len(published)

    async def _release(self, document_id: object, published: list[str]) -> bool:
        """Remove the published entries and the lease; lower the flag only if no event was
        pushed meanwhile. Whether the document has no event left."""
        removal: Document = {"$pull": {OUTBOX_FIELD: {"event_id": {"$in": published}}}}
        mine = await self._collection.update_one(
            {"_id": document_id, LEASED_BY: self._relay_id},
            {**removal, "$unset": {LEASED_UNTIL: "", LEASED_BY: ""}},
        )
        if mine.matched_count == 0 and published:  # lease lost: still remove what was sent
            await self._collection.update_one({"_id": document_id}, removal)
        emptied = {"_id": document_id, f"{OUTBOX_FIELD}.0": {"$exists": False}}
        lowered = await self._collection.update_one(emptied, {"$unset": {PENDING_FIELD: ""}})
        return lowered.matched_count == 1

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
