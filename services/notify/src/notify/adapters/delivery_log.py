"""The delivery log in MongoDB: one document per delivery key, so an event never sends twice.

The `_id` is ``str(DeliveryKey)`` (event + channel + recipient): inserting a planned delivery a
second time fails on the unique `_id` and is ignored. Every state change is one conditional
single-document update that also carries the notify.* events it causes (outbox).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
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

    async def claim(self, key: DeliveryKey, *, now: datetime, lease: timedelta) -> bool:
        """Take the delivery for one send attempt; False while another worker holds it.

        "No live lease" is `$not $gte now` (absent or run out) rather than an `$or` of the two:
        the local server scans the whole log for a filter with a top-level `$or`, `_id` or not.
        """
        unleased = {"$not": {"$gte": now}}
        claimed = await self.collection.update_one(
            {"_id": str(key), "status": DeliveryStatus.QUEUED.value, "lease_until": unleased},
            {"$set": {"lease_until": now + lease}},
        )
        return claimed.modified_count == 1

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
            "$unset": {"lease_until": ""},
            "$push": {"attempt_log": attempt},
        }
        if events:
            update = with_outbox(update, events)
        result = await self.collection.update_one(
            {"_id": str(before.key), "attempts": before.state.attempts}, update
        )
        return result.modified_count == 1

    async def find_by_provider_id(self, candidates: Sequence[str]) -> DeliveryRecord | None:
        """The delivery a provider id names (our Message-ID or a WhatsApp wamid)."""
        document = await self.collection.find_one({"provider_message_id": {"$in": candidates}})
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
        cursor = self.collection.find(query, {"outbox": 0, "request": 0, "lease_until": 0})
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
