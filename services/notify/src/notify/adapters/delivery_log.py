"""The delivery log in MongoDB: one document per delivery key, so an event never sends twice.

The `_id` is ``str(DeliveryKey)`` (event + channel + recipient): inserting a planned delivery a
second time fails on the unique `_id` and is ignored. Every state change is one conditional
single-document update that also carries the notify.* events it causes (outbox).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.database import Document, insert_new
from helpdesk_runtime.outbox import outbox_push, with_outbox
from notify.adapters.delivery_documents import (
    DeliveryRecord,
    SkippedDelivery,
    planned_document,
    record_from,
    skipped_document,
    state_fields,
)
from notify.domain.delivery import DeliveryKey, DeliveryState, DeliveryStatus
from notify.domain.hand_over import HandedOver

HANDED_OVER = "handed_over"
"""Set just before a message's last byte goes to its channel; cleared with the attempt's record."""


@dataclass(frozen=True)
class Lease:
    """One worker's hold on a delivery for one attempt.

    `handed_over` is set when the worker that held it before stopped after handing the message
    over: `record` is then the delivery as stored, and the attempt is recorded, not repeated."""

    token: str
    handed_over: HandedOver | None = None
    record: DeliveryRecord | None = None


class DeliveryLog:
    """Stores planned deliveries, their attempts and status, and finds them again."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("ticket_number", 1), ("created_at", 1), ("_id", 1)])
        await self.collection.create_index("provider_message_id", sparse=True)

    async def plan(
        self, planned: Sequence[DeliveryRecord], skipped: Sequence[SkippedDelivery], at: datetime
    ) -> bool:
        """Insert deliveries not yet in the log; keys already there (redelivery) stay as is.

        Returns True when every one was new: nobody planned this event before.
        """
        documents = [planned_document(record, at) for record in planned]
        documents += [skipped_document(skip, at) for skip in skipped]
        return all(await insert_new(self.collection, documents))

    async def queued(self, keys: Sequence[DeliveryKey]) -> list[DeliveryRecord]:
        """Those of ``keys`` in the log and still waiting to be sent, in key order.

        Looked up one `_id` at a time: the cheapest query on every MongoDB-protocol server.
        """
        found = await asyncio.gather(*(self.collection.find_one({"_id": str(k)}) for k in keys))
        waiting = [d for d in found if d and d["status"] == DeliveryStatus.QUEUED.value]
        return [record_from(document) for document in sorted(waiting, key=lambda d: d["_id"])]

    async def claim(self, key: DeliveryKey, *, now: datetime, lease: timedelta) -> Lease | None:
        """Take the delivery for one send attempt; None while another worker holds it.

        "No live lease" is `$not $gte now` (absent or run out) rather than an `$or` of the two:
        the local server scans the whole log for a filter with a top-level `$or`, `_id` or not.
        A delivery whose last worker stopped after handing it over is taken by a second update,
        tried only when the first takes nothing (rare: a busy or finished delivery).
        """
        unleased: Document = {
            "_id": str(key),
            "status": DeliveryStatus.QUEUED.value,
            "lease_until": {"$not": {"$gte": now}},
        }
        token = uuid.uuid4().hex
        take = {"$set": {"lease_until": now + lease, "lease_token": token}}
        fresh = await self.collection.update_one({**unleased, HANDED_OVER: None}, take)
        if fresh.modified_count == 1:
            return Lease(token)
        left = await self.collection.update_one({**unleased, HANDED_OVER: {"$ne": None}}, take)
        if left.modified_count == 0:
            return None
        document = await self.collection.find_one({"_id": str(key), "lease_token": token})
        if document is None:  # taken from us meanwhile (our lease ran out at once)
            return None
        mark = HandedOver.model_validate(document[HANDED_OVER])
        return Lease(token, handed_over=mark, record=record_from(document))

    async def hand_over(self, key: DeliveryKey, *, token: str, mark: HandedOver) -> bool:
        """Store that this attempt's message is being handed over; False if the lease is lost."""
        stored = await self.collection.update_one(
            {"_id": str(key), "lease_token": token},
            {"$set": {HANDED_OVER: mark.model_dump(mode="python")}},
        )
        return stored.modified_count == 1

    async def save_attempt(
        self,
        before: DeliveryRecord,
        after: DeliveryState,
        *,
        attempt: Document,
        events: Sequence[Envelope[Any]],
        at: datetime,
    ) -> bool:
        """Record an attempt and its outcome events together; False if someone else did first."""
        update: Document = {
            "$set": {**state_fields(after), "updated_at": at},
            "$unset": {"lease_until": "", "lease_token": "", HANDED_OVER: ""},
            "$push": {"attempt_log": attempt},
        }
        if events:
            update = with_outbox(update, events)
        result = await self.collection.update_one(
            {"_id": str(before.key), "attempts": before.state.attempts}, update
        )
        return result.modified_count == 1

    async def find_by_provider_id(
        self, candidates: Sequence[str], *, reference: str | None = None
    ) -> DeliveryRecord | None:
        """The delivery a provider id names (our Message-ID or a WhatsApp wamid), else the
        WhatsApp delivery whose key is `reference` (the callback data sent with it) and whose
        wamid was never stored: one handed over by a worker that stopped before the reply."""
        document = await self.collection.find_one({"provider_message_id": {"$in": candidates}})
        if document is None and reference:
            unnamed = {"_id": reference, "channel": "whatsapp", "provider_message_id": None}
            document = await self.collection.find_one(unnamed)
        return record_from(document) if document else None

    async def save_status(
        self,
        before: DeliveryRecord,
        after: DeliveryState,
        *,
        events: Sequence[Envelope[Any]],
        at: datetime,
    ) -> bool:
        """Store a status reported later; False if the delivery moved meanwhile."""
        update: Document = {"$set": {**state_fields(after), "updated_at": at}}
        if events:
            update |= outbox_push(events)
        unchanged = {
            "status": before.state.status.value,
            "history": {"$size": len(before.state.history)},
        }
        result = await self.collection.update_one({"_id": str(before.key), **unchanged}, update)
        return result.modified_count == 1

    async def for_ticket(
        self, ticket_number: str, *, limit: int, after: tuple[datetime, str] | None
    ) -> list[Document]:
        """The ticket's deliveries in the order they were planned, after a cursor position.

        The cursor bounds `created_at` from below and the few deliveries planned at that same
        instant are passed over here: an `$or` of the two cases made the local server scan
        every delivery ever logged.
        """
        query: Document = {"ticket_number": ticket_number}
        if after is not None:
            query["created_at"] = {"$gte": after[0]}
        hidden = {"outbox": 0, "request": 0, "lease_until": 0, "lease_token": 0}
        cursor = self.collection.find(query, hidden)
        cursor = cursor.sort([("created_at", 1), ("_id", 1)]).batch_size(limit + 1)
        page: list[Document] = []
        try:
            async for document in cursor:
                if after is None or (document["created_at"], document["_id"]) > after:
                    page.append(document)
                if len(page) == limit:
                    break
        finally:
            await cursor.close()
        return page
