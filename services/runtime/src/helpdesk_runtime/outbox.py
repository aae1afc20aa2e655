"""Transactional outbox: events live inside the changed document until the relay publishes them.

A state change and the events it causes are one atomic single-document update (`outbox_push`);
the relay publishes each pending event with a confirm and only then removes it, so a crash at any
point re-publishes (consumers skip the duplicate by event_id) and never loses an event.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
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
        batch: int = 200,
    ) -> None:
        self._collection = collection
        self._publisher = publisher
        self._poll_s = poll_s
        self._batch = batch
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Called after a write that pushed events, so they leave now, not at the next poll."""
        self._wake.set()

    async def drain_once(self) -> int:
        """Publish what is pending now; returns how many events left."""
        published = 0
        query = {PENDING_FIELD: True}
        cursor = self._collection.find(query, {OUTBOX_FIELD: 1}).limit(self._batch)
        async for document in cursor:
            entries = document.get(OUTBOX_FIELD) or []
            for entry in entries:
                await self._publisher.publish_entry(entry)
            await self._remove(document["_id"], entries)
            published += len(entries)
        return published

    async def _remove(self, document_id: object, entries: list[Document]) -> None:
        """Remove published entries; lower the flag only if no event was pushed meanwhile."""
        if entries:
            published = [entry["event_id"] for entry in entries]
            await self._collection.update_one(
                {"_id": document_id}, {"$pull": {OUTBOX_FIELD: {"event_id": {"$in": published}}}}
            )
        emptied = {"_id": document_id, f"{OUTBOX_FIELD}.0": {"$exists": False}}
        await self._collection.update_one(emptied, {"$unset": {PENDING_FIELD: ""}})

    async def run(self) -> None:
        """Relay until cancelled; an outage is logged and retried at the next poll."""
        while True:
            self._wake.clear()
            try:
                while await self.drain_once() >= self._batch:
                    pass
            except asyncio.CancelledError:
                raise
            except Exception as error:  # outage: nothing was removed, so nothing is lost
                log.warning("outbox relay paused", error=repr(error)[:300])
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self._poll_s)
