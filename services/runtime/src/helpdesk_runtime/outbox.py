"""Transactional outbox: events live inside the changed document until the relay publishes them.

A state change and the events it causes are one atomic single-document update (`outbox_push`);
the relay publishes each pending event with a confirm and only then removes it, so a crash at any
point re-publishes (consumers skip the duplicate by event_id) and never loses an event.

Replicas of a service each run a relay on the same collection (`outbox_relay.py`): a pass leases a
batch of documents at once under a token of its own, so two replicas never publish the same
entry, and the events of a replica killed mid-way are taken over once its lease expires.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.database import Document

OUTBOX_FIELD = "outbox"
# True while the document holds events to publish, unset otherwise: a sparse index on it holds
# only the documents with work, so the relay's query stays small however large the collection.
PENDING_FIELD = "outbox_pending"
LEASED_UNTIL = "outbox_leased_until"
LEASED_BY = "outbox_leased_by"


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
