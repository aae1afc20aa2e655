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


def outbox_push(envelopes: Sequence[Envelope[Any]]) -> Document:
    """The `$push` part of an update that records `envelopes` with the change that caused them."""
    return {"$push": {OUTBOX_FIELD: {"$each": outbox_entries(envelopes)}}}


async def ensure_outbox_index(collection: AsyncCollection[Document]) -> None:
    await collection.create_index(f"{OUTBOX_FIELD}.event_id", sparse=True)


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
        query = {f"{OUTBOX_FIELD}.event_id": {"$exists": True}}
        cursor = self._collection.find(query, {OUTBOX_FIELD: 1}).limit(self._batch)
        async for document in cursor:
            entries = document.get(OUTBOX_FIELD) or []
            for entry in entries:
                await self._publisher.publish_entry(entry)
            # $pullAll with whole entries: FerretDB ignores $pull conditions, matches exact values.
            await self._collection.update_one(
                {"_id": document["_id"]}, {"$pullAll": {OUTBOX_FIELD: entries}}
            )
            published += len(entries)
        return published

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
