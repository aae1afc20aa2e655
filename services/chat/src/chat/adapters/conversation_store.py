"""Conversations in MongoDB: one document per session, updated with optimistic versions.

A state change, the messages it adds and the events it causes are one single-document update
(filtered on the version read) that sets only the fields the step changed, so a crash never
keeps half of a step. The events wait in the document's outbox for the runtime's relay; the
messages wait in its tail until they move to their own documents (`message_history.py`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from chat.adapters.message_history import MessageHistory, client_key, merged, message_fields
from chat.conversation_record import ChatMessage, ConversationRecord, Routing
from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.database import Document, due_by
from helpdesk_runtime.outbox import OUTBOX_FIELD, PENDING_FIELD, outbox_fields, with_outbox

_WITHOUT_LOGS = {"messages": 0, OUTBOX_FIELD: 0, PENDING_FIELD: 0}


class ConversationStore:
    """Reads and writes conversation documents."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = database["conversations"]
        self.history = MessageHistory(database)

    async def ensure_indexes(self) -> None:
        await self.history.ensure_indexes()
        await self.collection.create_index("token_hash", unique=True)
        await self.collection.create_index([("routing", ASCENDING), ("requested_at", ASCENDING)])
        await self.collection.create_index([("agent.id", ASCENDING), ("routing", ASCENDING)])
        await self.collection.create_index(
            [("customer_email", ASCENDING), ("filing_at", ASCENDING)]
        )
        await self.collection.create_index("transcript_due_at", sparse=True)

    async def create(
        self,
        record: ConversationRecord,
        messages: Sequence[ChatMessage],
        events: Sequence[Envelope[Any]],
    ) -> None:
        await self.collection.insert_one(new_conversation_document(record, messages, events))

    async def load(self, session_id: str) -> ConversationRecord | None:
        found = await self.collection.find_one({"_id": session_id}, _WITHOUT_LOGS)
        return _record(found) if found else None

    async def by_token_hash(self, token_hash: str) -> ConversationRecord | None:
        found = await self.collection.find_one({"token_hash": token_hash}, _WITHOUT_LOGS)
        return _record(found) if found else None

    async def messages(self, session_id: str, *, after: int = 0) -> list[ChatMessage]:
        """The stored messages after seq `after`, in order, wherever each one is kept now."""
        tail = await self._tail(session_id)  # first: a placing inserts before it pulls
        return merged(tail, await self.history.after(session_id, after), after)

    async def latest_seq(self, record: ConversationRecord) -> int:
        """The conversation's last seq: plain messages are stored without its document."""
        return max(record.seq, await self.history.latest_seq(record.id))

    async def place(
        self, session_id: str, version: int, messages: Sequence[ChatMessage]
    ) -> list[tuple[ChatMessage, bool]]:
        """Give a stored step's messages their own documents (see `MessageHistory.place`)."""
        keyed = [(item, _key(session_id, version, n, item)) for n, item in enumerate(messages)]
        return await self.history.place(session_id, keyed)

    async def move_messages(self, session_id: str) -> None:
        """Pull the conversation's tail, once every message in it has its own document."""
        tail = await self._tail(session_id)
        if not tail:
            return
        await self.history.keep(session_id, [item for item in tail if "key" not in item])
        placed = await self.history.keys_from(session_id, tail[0]["seq"])
        keyed = [
            (ChatMessage.model_validate(item), item["key"])
            for item in tail
            if "key" in item and item["key"] not in placed
        ]
        await self.history.place(session_id, keyed)
        moved = {"$pull": {"messages": {"seq": {"$lte": tail[-1]["seq"]}}}}
        await self.collection.update_one({"_id": session_id}, moved)

    async def _tail(self, session_id: str) -> list[Document]:
        found = await self.collection.find_one({"_id": session_id}, {"messages": 1})
        tail: list[Document] = found.get("messages", []) if found else []
        return sorted(tail, key=lambda item: int(item["seq"]))

    async def save(
        self,
        before: ConversationRecord,
        after: ConversationRecord,
        messages: Sequence[ChatMessage],
        events: Sequence[Envelope[Any]],
    ) -> bool:
        """Store `after` if nobody changed `before` meanwhile; False means reload and retry."""
        update: Document = {"$set": _changes(before, after)}
        if messages:
            keyed = [
                message_fields(item, _key(before.id, after.version, n, item))
                for n, item in enumerate(messages)
            ]
            update["$push"] = {"messages": {"$each": keyed}}
        if events:
            update = with_outbox(update, events)
        result = await self.collection.update_one(
            {"_id": before.id, "version": before.version}, update
        )
        return result.matched_count == 1

    async def queued(self, group: str | None, *, limit: int = 50) -> list[ConversationRecord]:
        """Queued conversations of a group (None = the general queue), first come first."""
        query = {"routing": Routing.QUEUED.value, "group": group}
        cursor = self.collection.find(query, _WITHOUT_LOGS).sort(
            [("requested_at", ASCENDING), ("_id", ASCENDING)]
        )
        return [_record(item) async for item in cursor.limit(limit)]

    async def queued_for(
        self, groups: Sequence[str | None], *, limit: int = 200
    ) -> list[ConversationRecord]:
        """Queued conversations of any of these groups, first come first."""
        query = {"routing": Routing.QUEUED.value, "group": {"$in": list(groups)}}
        cursor = self.collection.find(query, _WITHOUT_LOGS).sort(
            [("requested_at", ASCENDING), ("_id", ASCENDING)]
        )
        return [_record(item) async for item in cursor.limit(limit)]

    async def waiting_per_group(self) -> dict[str | None, int]:
        """How many conversations wait in each group's queue (on the routing index)."""
        query = {"routing": Routing.QUEUED.value}
        counts: dict[str | None, int] = {}
        async for item in self.collection.find(query, {"group": 1}):
            counts[item.get("group")] = counts.get(item.get("group"), 0) + 1
        return counts

    async def position(self, record: ConversationRecord) -> int:
        """1 + how many queued conversations of the same group asked before this one."""
        earlier = {"$lt": record.requested_at}
        ahead = await self.collection.count_documents(
            {"routing": Routing.QUEUED.value, "group": record.group, "requested_at": earlier}
        )
        return ahead + 1

    async def assigned_to(self, agent_id: str) -> list[ConversationRecord]:
        query = {"agent.id": agent_id, "routing": Routing.WITH_AGENT.value}
        return [_record(item) async for item in self.collection.find(query, _WITHOUT_LOGS)]

    async def awaiting_ticket(self, email: str) -> list[ConversationRecord]:
        """Sessions of this customer whose filing waits for its ticket number, oldest first."""
        query = {"customer_email": email, "filing_at": {"$ne": None}}
        cursor = self.collection.find(query, _WITHOUT_LOGS).sort("filing_at", ASCENDING)
        return [_record(item) async for item in cursor.limit(20)]

    async def transcripts_due(self, now: datetime) -> list[ConversationRecord]:
        """Conversations whose rating wait ran out; ended ones keep a null `transcript_due_at`
        and the collection keeps every conversation, hence the range bounded below."""
        cursor = self.collection.find({"transcript_due_at": due_by(now)}, _WITHOUT_LOGS)
        return [_record(item) async for item in cursor.limit(100)]


def new_conversation_document(
    record: ConversationRecord, messages: Sequence[ChatMessage], events: Sequence[Envelope[Any]]
) -> Document:
    """How a new conversation is stored: the record, its messages, its events to publish."""
    document = {"_id": record.id, **_document(record)}
    document["messages"] = [
        message_fields(item, _key(record.id, record.version, n, item))
        for n, item in enumerate(messages)
    ]
    document.update(outbox_fields(events))
    return document


def _document(record: ConversationRecord) -> Document:
    document = record.model_dump(mode="python", exclude={"id"})
    document["conversation"] = record.conversation.model_dump(mode="json")
    return document


def changed_fields(before: ConversationRecord, after: ConversationRecord) -> set[str]:
    """The fields `after` changed (a step copies the record: unchanged ones are the same
    objects, compared without a dump)."""
    names = ConversationRecord.model_fields
    return {name for name in names if getattr(before, name) != getattr(after, name)}


def _changes(before: ConversationRecord, after: ConversationRecord) -> Document:
    """The fields `after` changed: the update names the version, so the rest is as stored."""
    old = _document(before)
    return {key: value for key, value in _document(after).items() if old.get(key) != value}


def _record(document: Document) -> ConversationRecord:
    values = {key: value for key, value in document.items() if key != "_id"}
    return ConversationRecord.model_validate({"id": document["_id"], **values})


def _key(session_id: str, version: int, index: int, message: ChatMessage) -> str:
    """A step's message: its client's id when it has one (a resend is stored once), else the
    version that stored it and its place in the step."""
    if message.client_message_id:
        return client_key(session_id, message.client_message_id)
    return f"{session_id}:v{version}:{index}"
