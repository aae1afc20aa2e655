"""The tickets collection: one document per ticket (ticket, comments, audit, pending events).

Every change is one single-document update guarded by the version that was loaded, and it pushes
the change's events into the document's outbox in the same update. An inbound message is applied
when a comment carries its inbound id (`comments.source_event_id`, indexed): the mark is written
with the change itself, so there is no separate note to write first and read back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.database import Document, due_by
from helpdesk_runtime.outbox import OUTBOX_FIELD, outbox_fields, outbox_push
from tickets.adapters.records import (
    SUMMARY_PROJECTION,
    TicketRecord,
    from_document,
    to_document,
)
from tickets.domain.status import ACTIVE_STATUSES, TicketStatus
from tickets.domain.workflow import ClosingPolicy

FIRST_PROTOCOL_NUMBER = 100000
INDEXES: tuple[Sequence[tuple[str, int]], ...] = (
    [("message_ids", 1)],
    [("reply_token", 1)],
    [("whatsapp_conversation_id", 1), ("status", 1)],
    [("requester_id", 1), ("content_fingerprint", 1), ("created_at", -1)],
    [("requester_id", 1), ("_id", -1)],
    [("status", 1), ("_id", -1)],
    [("priority", 1), ("_id", -1)],
    [("group_id", 1), ("_id", -1)],
    [("assignee_id", 1), ("_id", -1)],
    [("organization_id", 1), ("_id", -1)],
    [("related_tickets", 1), ("_id", -1)],
    [("close_due_at", 1)],
    [("comments.source_event_id", 1)],
)


class VersionConflict(Exception):
    """The ticket changed since it was loaded (another agent, another replica)."""

    def __init__(self, number: int, expected: int) -> None:
        super().__init__(f"ticket {number} is no longer at version {expected}")
        self.number = number
        self.expected = expected


class TicketStore:
    def __init__(self, database: AsyncDatabase[Document], closing: ClosingPolicy) -> None:
        self.collection = database["tickets"]
        self._counters = database["counters"]
        self._closing = closing

    async def ensure_indexes(self) -> None:
        for keys in INDEXES:
            await self.collection.create_index(list(keys))

    async def next_number(self) -> int:
        """The next protocol number, allocated atomically; a number is never handed out twice."""
        counter = await self._counters.find_one_and_update(
            {"_id": "ticket_number"},
            {"$inc": {"value": 1}},
            upsert=True,
            return_document=ReturnDocument.AFTER,
        )
        assert counter is not None
        return FIRST_PROTOCOL_NUMBER - 1 + int(counter["value"])

    async def insert(self, record: TicketRecord, events: Sequence[Envelope[Any]]) -> None:
        document = to_document(record, self._closing)
        document["_id"] = record.number
        document.update(outbox_fields(events))
        await self.collection.insert_one(document)

    async def update(
        self, record: TicketRecord, events: Sequence[Envelope[Any]], *, loaded_version: int
    ) -> None:
        """Store `record` if the stored ticket is still at `loaded_version`, with its events."""
        result = await self.collection.update_one(
            {"_id": record.number, "version": loaded_version},
            {"$set": to_document(record, self._closing), **outbox_push(events)},
        )
        if result.matched_count == 0:
            raise VersionConflict(record.number, loaded_version)

    async def get(self, number: int) -> TicketRecord | None:
        document = await self.collection.find_one({"_id": number}, {OUTBOX_FIELD: 0})
        return from_document(document) if document else None

    async def holding_source(self, source_event_id: str) -> TicketRecord | None:
        """The ticket that has the comment made from this inbound message, if any (one
        indexed read; the comment is stored in the same write as the rest of the change)."""
        return await self.find_one({"comments.source_event_id": source_event_id})

    async def find_one(self, query: Document) -> TicketRecord | None:
        found = await self.collection.find_one(query, {OUTBOX_FIELD: 0}, sort=[("_id", -1)])
        return from_document(found) if found else None

    async def active_with_fingerprint(
        self, *, requester_id: str, fingerprint: str, since: datetime
    ) -> list[TicketRecord]:
        query = {
            "requester_id": requester_id,
            "content_fingerprint": fingerprint,
            "created_at": {"$gte": since},
            "status": {"$in": [s.value for s in ACTIVE_STATUSES]},
        }
        cursor = self.collection.find(query, {OUTBOX_FIELD: 0}).sort("created_at", -1).limit(20)
        return [from_document(d) async for d in cursor]

    async def page(self, query: Document, *, limit: int, before: int | None) -> list[TicketRecord]:
        """Summaries (no comments, no history), newest protocol number first."""
        if before is not None:
            query = {**query, "_id": {"$lt": before}}
        cursor = self.collection.find(query, SUMMARY_PROJECTION).sort("_id", -1).limit(limit)
        return [from_document(d) async for d in cursor]

    async def due_for_closing(self, now: datetime, *, limit: int = 100) -> list[TicketRecord]:
        """Resolved tickets whose closing is due; every other ticket keeps a null `close_due_at`
        (the range is bounded below: see `due_by`)."""
        query = {"close_due_at": due_by(now), "status": TicketStatus.RESOLVED.value}
        cursor = self.collection.find(query, {OUTBOX_FIELD: 0}).limit(limit)
        return [from_document(d) async for d in cursor]
