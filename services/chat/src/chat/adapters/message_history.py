"""A conversation's messages as their own documents (`chat_messages`, one per message).

A step still stores its messages inside the conversation document, in the same update as its
state and events (all or nothing); that array is only a tail. Every `MOVE_EVERY` messages the
tail is copied here (idempotent: `_id` is `<session id>:<seq>`) and then pulled from the
conversation, so the document a step rewrites stays small however long the chat runs: each
update costs the same at message 2 000 as at message 20. A conversation stored before this
(every message in its document) is simply a long tail: it reads as it is and moves out at its
next step that crosses a multiple of `MOVE_EVERY`.
"""

from __future__ import annotations

from collections.abc import Sequence

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from chat.conversation_record import ChatMessage
from helpdesk_runtime.database import Document, insert_new

MOVE_EVERY = 20
"""Messages a conversation document holds at most before its tail moves here (about)."""


def _message_id(session_id: str, seq: int) -> str:
    return f"{session_id}:{seq}"


class MessageHistory:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = database["chat_messages"]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("session_id", ASCENDING), ("seq", ASCENDING)])

    async def after(self, session_id: str, seq: int) -> list[Document]:
        """The moved messages of a conversation after `seq`, in order."""
        query = {"session_id": session_id, "seq": {"$gt": seq}}
        cursor = self.collection.find(query, {"_id": 0, "session_id": 0}).sort("seq", ASCENDING)
        return [item async for item in cursor]

    async def keep(self, session_id: str, tail: Sequence[Document]) -> None:
        """Copy tail messages here; those already copied (an earlier, interrupted move) stay."""
        documents = [
            {"_id": _message_id(session_id, item["seq"]), "session_id": session_id, **item}
            for item in tail
        ]
        await insert_new(self.collection, documents)


def crosses_a_move(before_seq: int, after_seq: int) -> bool:
    """Whether a step that took the conversation from one seq to the other should move its tail."""
    return after_seq // MOVE_EVERY > before_seq // MOVE_EVERY


def merged(tail: Sequence[Document], moved: Sequence[Document], after: int) -> list[ChatMessage]:
    """The messages after `after`, once each and in seq order (a message being moved may be in
    both places for a moment)."""
    by_seq = {item["seq"]: item for item in [*moved, *tail] if item["seq"] > after}
    return [ChatMessage.model_validate(by_seq[seq]) for seq in sorted(by_seq)]
