"""kill -9 of the tickets service in the middle of a stream of intake events, then a restart:
every message ends up on a ticket exactly once and every ticket.* event is published exactly once
(a redelivered copy carries the same event_id).

`make test` streams the issue's 500 messages (≈50 s on the former FerretDB local server); another
size runs with
`HELPDESK_CRASH_TEST_MESSAGES=<n> uv run pytest tests/test_tickets_crash_recovery.py`."""

from __future__ import annotations

import json
import os
import random
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from pymongo import AsyncMongoClient

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import MessageReceived, ThreadingHints
from tests.support.amqp import declare_spy_queue
from tests.support.events import publish_events
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, eventually_async

pytestmark = pytest.mark.e2e
FIFTH = int(os.environ.get("HELPDESK_CRASH_TEST_MESSAGES", "500")) // 5
SINGLES, CONVERSATIONS, DUPLICATE_PAIRS = 2 * FIFTH, FIFTH, FIFTH // 2
MESSAGES = SINGLES + 2 * CONVERSATIONS + 2 * DUPLICATE_PAIRS
TICKETS = SINGLES + CONVERSATIONS + DUPLICATE_PAIRS
Document = dict[str, Any]


def stream() -> list[Envelope[MessageReceived]]:
    """Messages whose outcome does not depend on their order: lone emails open a ticket
    each, WhatsApp pairs share a conversation, duplicate pairs repeat subject and text."""
    now = datetime.now(UTC)
    messages: list[MessageReceived] = []
    for i in range(SINGLES):
        sender = Person(name=f"Cliente {i}", email=f"cliente{i}@example.com.br")
        messages.append(_message(f"single-{i}", sender, f"Pedido {i} atrasado", f"Texto {i}", now))
    for i in range(CONVERSATIONS):
        sender = Person(name=f"Zap {i}", whatsapp_id=f"55119{i:08d}")
        hints = ThreadingHints(external_ids={"whatsapp_conversation": f"conv-{i}"})
        for part in (1, 2):
            messages.append(
                _message(
                    f"wa-{i}-{part}",
                    sender,
                    "",
                    f"Mensagem {part} da conversa {i}",
                    now,
                    channel="whatsapp",
                    threading=hints,
                )
            )
    for i in range(DUPLICATE_PAIRS):
        sender = Person(name=f"Repetido {i}", email=f"repetido{i}@example.com.br")
        for copy in (1, 2):
            messages.append(_message(f"dup-{i}-{copy}", sender, f"Nota {i}", "Mesmo texto", now))
    random.Random(4).shuffle(messages)
    return [new_envelope(m, producer="intake") for m in messages]


def _message(
    inbound_id: str, sender: Person, subject: str, text: str, at: datetime, **extra: Any
) -> MessageReceived:
    return MessageReceived(
        inbound_id=inbound_id,
        channel=extra.pop("channel", "email"),
        received_at=at,
        sender=sender,
        subject=subject,
        text=text,
        **extra,
    )


async def publish_all(run: IsolatedRun, envelopes: list[Envelope[MessageReceived]]) -> None:
    await publish_events(run.infrastructure.amqp_url, run.namespace, envelopes)


async def declare_spy(run: IsolatedRun) -> str:
    return await declare_spy_queue(run, "crash", "ticket.#")


async def take_all(run: IsolatedRun, queue_name: str, into: list[Document]) -> None:
    connection = await aio_pika.connect(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        queue = await (await connection.channel()).get_queue(queue_name)
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            into.append(json.loads(message.body))


@pytest.fixture
async def crash_run(infrastructure: Infrastructure) -> AsyncIterator[IsolatedRun]:
    run = IsolatedRun(infrastructure)
    yield run
    connection = await aio_pika.connect(infrastructure.amqp_url, timeout=10)
    async with connection:
        await (await connection.channel()).queue_delete(f"{run.namespace}spy.crash")
    await run.clean_up()


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in sorted(tmp_path.glob("*.log")):
        print(f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-20:]))


def start_ready(run: IsolatedRun, log_dir: Path) -> ServiceProcess:
    process = ServiceProcess("tickets", run.environment(HELPDESK_LOG_LEVEL="WARNING"), log_dir)
    process.start()
    eventually(lambda: process.ready_status() == 200, timeout=90, what="tickets ready")
    return process


@pytest.mark.timeout(1200)  # a local stand-in on a busy machine can take minutes for 500 messages
async def test_kill_9_mid_stream_loses_nothing_and_publishes_every_event_once(
    crash_run: IsolatedRun, log_dir: Path
) -> None:
    run = crash_run
    spy = await declare_spy(run)
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(run.infrastructure.mongo_url)
    tickets = mongo[f"{run.database}_tickets"]["tickets"]
    envelopes = stream()
    process = start_ready(run, log_dir)
    try:
        await publish_all(run, envelopes[: MESSAGES // 2])

        async def some_stored() -> bool:
            return await tickets.count_documents({}) >= TICKETS // 6

        await eventually_async(some_stored, timeout=300, what="first tickets stored")
        process.kill()
        await publish_all(run, envelopes[MESSAGES // 2 :])
        process = start_ready(run, log_dir)

        progress: list[int] = []

        async def all_stored_and_sent() -> bool:
            # The full scan is heavy for the database under test: look at most every 2 s.
            if progress and time.monotonic() - progress[-1] < 2:
                return False
            pending = await tickets.count_documents({"outbox.event_id": {"$exists": True}})
            stored = len([s async for s in _sources(tickets)])
            progress[:] = [stored, pending, int(time.monotonic())]
            return stored >= MESSAGES and pending == 0

        try:
            await eventually_async(all_stored_and_sent, timeout=900, what="all stored and sent")
        except AssertionError as late:
            raise AssertionError(f"{late}; stored, pending, at: {progress}") from None
        events: list[Document] = []

        async def every_event_arrived() -> bool:
            await take_all(run, spy, events)
            return len({e["event_id"] for e in events}) >= TICKETS + MESSAGES

        await eventually_async(every_event_arrived, timeout=60, what="every ticket event")
    finally:
        process.stop()
    sources = [s async for s in _sources(tickets)]
    await mongo.close()

    assert len(sources) == MESSAGES
    assert Counter(sources).most_common(1)[0][1] == 1, "a message was stored twice"
    by_id = {e["event_id"]: e for e in events}
    assert len(by_id) == TICKETS + MESSAGES
    kinds = Counter(e["type"] for e in by_id.values())
    assert kinds == {"ticket.created": TICKETS, "ticket.comment_added": MESSAGES}
    created_numbers = {
        e["payload"]["ticket"]["number"] for e in by_id.values() if e["type"] == "ticket.created"
    }
    assert len(created_numbers) == TICKETS
    comments = {
        (e["payload"]["ticket"]["number"], e["payload"]["comment"]["comment_id"])
        for e in by_id.values()
        if e["type"] == "ticket.comment_added"
    }
    assert len(comments) == MESSAGES, "an event was invented for a comment already announced"


async def _sources(collection: Any) -> AsyncIterator[str]:
    async for document in collection.find({}, {"comments.source_event_id": 1}):
        for comment in document.get("comments", []):
            yield comment["source_event_id"]
