"""A conversation's messages as their own documents (`chat_messages`, one per message).

Every message's place is claimed here: its `_id` is `<session id>:<seq>`, unique, so two
replicas never give one seq to two messages and the seqs of a conversation stay 1, 2, 3 ...
A plain message (a customer's or an agent's text while an agent serves the conversation) is
stored by that insert alone. A step that changes the conversation (the assistant's turn, an
accept, the end ...) stores its messages inside the conversation document, in the same update
as its state and events (all or nothing), and then places them here; a message whose seq a
plain message took meanwhile goes to the next free seq. Each message has a `key` (unique):
`<session id>:c:<client message id>` for what a client sent with an id (a resent frame is
stored once), `<session id>:v<version>:<n>` for a step's messages (placing them again after a
crash finds them placed). The conversation's tail is pulled every `MOVE_EVERY` messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from pymongo import ASCENDING, DESCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

from chat.adapters.insert_batches import InsertBatches
from chat.conversation_record import ChatMessage
from helpdesk_runtime.database import DUPLICATE_KEY, Document, insert_new

MOVE_EVERY = 20
"""Messages a conversation document holds at most before its tail is pulled (about)."""


class Claim(Enum):
    STORED = "stored"
    SEQ_TAKEN = "seq_taken"
    """Another message holds this seq: try the next one."""
    KNOWN = "known"
    """A message with this key is stored already (a resend, or a placement repeated)."""


def message_id(session_id: str, seq: int) -> str:
    return f"{session_id}:{seq}"


def client_key(session_id: str, client_message_id: str) -> str:
    return f"{session_id}:c:{client_message_id}"


def message_fields(message: ChatMessage, key: str | None) -> Document:
    """A message as stored, in a conversation's tail or here, with its key when it has one."""
    document = message.model_dump(mode="python", exclude_none=True)
    return {**document, "key": key} if key else document


def message_document(session_id: str, message: ChatMessage, key: str | None) -> Document:
    placed = {"_id": message_id(session_id, message.seq), "session_id": session_id}
    return {**placed, **message_fields(message, key)}


class MessageHistory:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = database["chat_messages"]
        self._batches = InsertBatches(self.collection)

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("session_id", ASCENDING), ("seq", ASCENDING)])
        await self.collection.create_index("key", unique=True, sparse=True)

    async def after(self, session_id: str, seq: int) -> list[Document]:
        """The placed messages of a conversation after `seq`, in order."""
        query = {"session_id": session_id, "seq": {"$gt": seq}}
        cursor = self.collection.find(query, {"_id": 0, "session_id": 0}).sort("seq", ASCENDING)
        return [item async for item in cursor]

    async def latest_seq(self, session_id: str) -> int:
        """The highest seq placed (0 for none)."""
        cursor = self.collection.find({"session_id": session_id}, {"seq": 1, "_id": 0})
        async for item in cursor.sort("seq", DESCENDING).limit(1):
            return int(item["seq"])
        return 0

    async def keys_from(self, session_id: str, seq: int) -> set[str]:
        """The keys of the messages placed from `seq` on."""
        query = {"session_id": session_id, "seq": {"$gte": seq}}
        return {
            item["key"] async for item in self.collection.find(query, {"key": 1}) if "key" in item
        }

    async def seq_of(self, key: str) -> int | None:
        found = await self.collection.find_one({"key": key}, {"seq": 1})
        return int(found["seq"]) if found else None

    async def keep(self, session_id: str, tail: Sequence[Document]) -> None:
        """Copy tail messages stored without a key (before 2026-12-06) at their own seqs;
        those already copied (an earlier, interrupted move) stay."""
        documents = [
            {"_id": message_id(session_id, item["seq"]), "session_id": session_id, **item}
            for item in tail
        ]
        await insert_new(self.collection, documents)

    async def claim(self, session_id: str, message: ChatMessage, key: str | None) -> Claim:
        """Store the message at its seq if that seq and its key are free: one insert (shared
        with the plain messages of other conversations waiting at the same moment)."""
        pattern = await self._batches.insert(message_document(session_id, message, key))
        if pattern is None:
            return Claim.STORED
        if "key" in pattern or (not pattern and key and await self.seq_of(key)):
            return Claim.KNOWN
        return Claim.SEQ_TAKEN

    async def place(
        self, session_id: str, messages: Sequence[tuple[ChatMessage, str]]
    ) -> list[tuple[ChatMessage, bool]]:
        """Place a stored step's messages (with their keys), in order: at their own seqs in one
        insert, else each at the next free seq. Returns each message as placed and whether it
        is new here (False: placed before, by a resend or an earlier try)."""
        placed = await self._at_their_seqs(session_id, messages)
        for message, key in messages[len(placed) :]:
            moved = message.model_copy(update={"seq": max(message.seq, _next(placed))})
            while (claim := await self.claim(session_id, moved, key)) is Claim.SEQ_TAKEN:
                following = await self.latest_seq(session_id) + 1
                moved = moved.model_copy(update={"seq": max(following, moved.seq + 1)})
            if claim is Claim.KNOWN:
                known = await self.seq_of(key)
                moved = moved.model_copy(update={"seq": known or moved.seq})
            placed.append((moved, claim is Claim.STORED))
        return placed

    async def _at_their_seqs(
        self, session_id: str, messages: Sequence[tuple[ChatMessage, str]]
    ) -> list[tuple[ChatMessage, bool]]:
        """Insert them in order at their own seqs (one command); those before the first that
        could not be are placed."""
        documents = [message_document(session_id, *item) for item in messages]
        if not documents:
            return []
        try:
            await self.collection.insert_many(documents, ordered=True)
            inserted = len(documents)
        except BulkWriteError as error:
            if any(entry.get("code") != DUPLICATE_KEY for entry in error.details["writeErrors"]):
                raise
            inserted = int(error.details.get("nInserted", 0))
        return [(message, True) for message, _ in messages[:inserted]]


def _next(placed: Sequence[tuple[ChatMessage, bool]]) -> int:
    return placed[-1][0].seq + 1 if placed else 0


def crosses_a_move(before_seq: int, after_seq: int) -> bool:
    """Whether a step that took the conversation from one seq to the other should pull its tail."""
    return after_seq // MOVE_EVERY > before_seq // MOVE_EVERY


def merged(tail: Sequence[Document], placed: Sequence[Document], after: int) -> list[ChatMessage]:
    """The messages after `after`, once each and in seq order: a placed message wins its seq;
    a tail message shows only while it is not placed (a crash between a step and its placing,
    or a conversation stored before messages had their own documents)."""
    keys = {item.get("key") for item in placed} - {None}
    by_seq = {item["seq"]: item for item in placed if item["seq"] > after}
    for item in tail:
        if item["seq"] > after and item.get("key") not in keys:
            by_seq.setdefault(item["seq"], item)
    return [ChatMessage.model_validate(by_seq[seq]) for seq in sorted(by_seq)]
