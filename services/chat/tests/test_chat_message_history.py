"""Messages in their own documents: conversations stored before still read whole, once each."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from pymongo import AsyncMongoClient

from chat.adapters.conversation_store import ConversationStore
from chat.adapters.message_history import Claim
from chat.conversation_record import ChatMessage, ConversationRecord
from chat.domain.conversation import Conversation
from chat.domain.transcript import AuthorKind
from helpdesk_runtime.database import Document
from tests.support.database_commands import DatabaseCommands
from tests.support.isolation import IsolatedRun

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


@pytest.fixture
async def store(isolated_run: IsolatedRun) -> AsyncIterator[ConversationStore]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, tz_aware=True
    )
    conversations = ConversationStore(client[isolated_run.database])
    await conversations.ensure_indexes()
    yield conversations
    await client.close()


def _message(seq: int) -> ChatMessage:
    return ChatMessage(seq=seq, author_kind=AuthorKind.CUSTOMER, text=f"linha {seq}", sent_at=NOW)


def _record(seq: int, version: int = 0) -> ConversationRecord:
    return ConversationRecord(
        id="old-chat",
        token_hash="hash-old-chat",
        version=version,
        seq=seq,
        conversation=Conversation(),
        started_at=NOW,
    )


async def _stored_before_message_documents(store: ConversationStore, count: int) -> None:
    """A conversation as chat stored it until 2026-12: every message inside its document."""
    messages = [
        _message(seq).model_dump(mode="python", exclude_none=True) for seq in range(1, count + 1)
    ]
    record = _record(count).model_dump(mode="python", exclude={"id"})
    record["conversation"] = Conversation().model_dump(mode="json")
    await store.collection.insert_one({"_id": "old-chat", **record, "messages": messages})


def _seqs(messages: list[ChatMessage]) -> list[int]:
    return [message.seq for message in messages]


async def test_a_conversation_stored_with_messages_inside_reads_whole_before_and_after_they_move(
    store: ConversationStore,
) -> None:
    await _stored_before_message_documents(store, 30)
    assert _seqs(await store.messages("old-chat")) == list(range(1, 31))

    await store.move_messages("old-chat")
    document = await store.collection.find_one({"_id": "old-chat"})
    assert document is not None
    assert document["messages"] == []
    assert _seqs(await store.messages("old-chat")) == list(range(1, 31))
    assert _seqs(await store.messages("old-chat", after=25)) == [26, 27, 28, 29, 30]

    stored = await store.save(_record(30), _record(31, version=1), [_message(31)], [])
    assert stored
    assert _seqs(await store.messages("old-chat", after=20)) == list(range(21, 32))


async def test_a_move_interrupted_between_copy_and_pull_shows_each_message_once(
    store: ConversationStore,
) -> None:
    await _stored_before_message_documents(store, 12)
    tail = [_message(seq).model_dump(mode="python", exclude_none=True) for seq in range(1, 8)]
    await store.history.keep("old-chat", tail)  # copied, the replica died before the pull

    assert _seqs(await store.messages("old-chat")) == list(range(1, 13))
    await store.move_messages("old-chat")  # the next move copies the rest, skips the copied
    assert _seqs(await store.messages("old-chat", after=3)) == list(range(4, 13))


async def test_a_steps_message_whose_seq_a_plain_message_took_shows_after_it_once(
    store: ConversationStore,
) -> None:
    """Another replica stored a plain message at seq 31 while this one stored a step built
    on seq 30: the step's message is placed at 32, and each shows once."""
    await _stored_before_message_documents(store, 30)
    plain = _message(31).model_copy(update={"text": "resposta do agente"})
    assert await store.history.claim("old-chat", plain, None) is Claim.STORED

    assert await store.save(_record(30), _record(31, version=1), [_message(31)], [])
    placed = await store.place("old-chat", 1, [_message(31)])

    assert [(message.seq, new) for message, new in placed] == [(32, True)]
    texts = [(m.seq, m.text) for m in await store.messages("old-chat", after=30)]
    assert texts == [(31, "resposta do agente"), (32, "linha 31")]
    await store.move_messages("old-chat")  # the tail's copy is found placed, not repeated
    assert [(m.seq, m.text) for m in await store.messages("old-chat", after=30)] == texts


async def test_a_step_stored_but_not_yet_placed_shows_once_and_the_next_move_places_it(
    store: ConversationStore,
) -> None:
    await _stored_before_message_documents(store, 19)
    assert await store.save(_record(19), _record(20, version=1), [_message(20)], [])
    # the replica died before placing it: readers see it in the tail
    assert _seqs(await store.messages("old-chat", after=18)) == [19, 20]

    await store.move_messages("old-chat")
    document = await store.collection.find_one({"_id": "old-chat"})
    assert document is not None
    assert document["messages"] == []
    assert _seqs(await store.messages("old-chat", after=18)) == [19, 20]
    assert await store.history.latest_seq("old-chat") == 20


@pytest.fixture
async def counted(
    isolated_run: IsolatedRun,
) -> AsyncIterator[tuple[ConversationStore, Counter[str]]]:
    """A store whose client counts its commands (`<command> <collection>`)."""
    commands = DatabaseCommands()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, tz_aware=True, event_listeners=[commands]
    )
    conversations = ConversationStore(client[isolated_run.database])
    await conversations.ensure_indexes()
    yield conversations, commands.by_kind
    await client.close()


async def test_plain_messages_arriving_together_share_inserts_and_each_learns_its_outcome(
    counted: tuple[ConversationStore, Counter[str]],
) -> None:
    history, sent = counted[0].history, counted[1]
    assert await history.claim("chat-0", _message(1), "chat-0:c:m1") is Claim.STORED
    sent.clear()

    claims = [history.claim(f"chat-{n}", _message(1), None) for n in range(1, 40)]
    claims.append(history.claim("chat-0", _message(1), None))  # its seq 1 is taken
    claims.append(history.claim("chat-0", _message(2), "chat-0:c:m1"))  # a resent frame
    outcomes = await asyncio.gather(*claims)

    assert outcomes == [Claim.STORED] * 39 + [Claim.SEQ_TAKEN, Claim.KNOWN]
    assert sent["insert chat_messages"] < 10


async def test_pulling_a_placed_tail_reads_it_once_and_writes_only_the_pull(
    counted: tuple[ConversationStore, Counter[str]],
) -> None:
    store, sent = counted
    await _stored_before_message_documents(store, 0)
    steps = [_message(seq) for seq in range(1, 21)]
    assert await store.save(_record(0), _record(20, version=1), steps, [])
    await store.place("old-chat", 1, steps)
    sent.clear()

    await store.move_messages("old-chat")

    assert dict(sent) == {
        "find conversations": 1,
        "find chat_messages": 1,
        "update conversations": 1,
    }
    assert _seqs(await store.messages("old-chat")) == list(range(1, 21))
