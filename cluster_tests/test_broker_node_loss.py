"""kill -9 of the RabbitMQ node a real tickets process is connected to, while intake messages
flow: the process reconnects to a surviving node by itself, every message ends on a ticket
exactly once, every ticket.* event is published, /health/ready is 200 again, the DLQ is empty.

Prints the counts and recovery times. Size: HELPDESK_CRASH_TEST_MESSAGES (default 500)."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aio_pika
import pytest
from aiormq.exceptions import AMQPError, DeliveryError
from pymongo import AsyncMongoClient

from deploy import cluster
from helpdesk_contracts.topology import Namespace, dead_letter_queue
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, eventually_async
from tests.test_tickets_crash_recovery import (
    MESSAGES,
    TICKETS,
    _sources,
    declare_spy,
    publish_all,
    stream,
    take_all,
)

pytestmark = pytest.mark.e2e
Document = dict[str, Any]


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in sorted(tmp_path.glob("*.log")):
        print(f"--- {path.name}\n" + "\n".join(path.read_text(errors="replace").splitlines()[-20:]))


async def watch_readiness(process: ServiceProcess, seen: list[tuple[float, int]]) -> None:
    """Records every change of /health/ready (time, status) until cancelled."""
    while True:
        status = await asyncio.to_thread(process.ready_status)
        if not seen or seen[-1][1] != status:
            seen.append((time.monotonic(), status))
        await asyncio.sleep(0.2)


async def publish_until_confirmed(
    run: IsolatedRun, envelopes: list[Any], resent: list[str]
) -> None:
    """Publishes like intake does: a message the broker refuses or does not confirm within
    10 s (while a queue elects a new leader) is sent again, with the same event_id."""
    for envelope in envelopes:
        while True:
            try:
                await asyncio.wait_for(publish_all(run, [envelope]), timeout=10)
                break
            except (DeliveryError, AMQPError, TimeoutError, OSError):
                resent.append(str(envelope.event_id))
                await asyncio.sleep(0.2)


async def dead_letters(run: IsolatedRun) -> int:
    connection = await aio_pika.connect(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        name = Namespace(run.namespace).name(dead_letter_queue("tickets"))
        queue = await (await connection.channel()).declare_queue(name, passive=True)
        return queue.declaration_result.message_count or 0


@pytest.mark.timeout(1200)
async def test_killing_the_node_a_consumer_uses_loses_and_duplicates_nothing(
    cluster_run: IsolatedRun, cluster_url: str, log_dir: Path
) -> None:
    run = cluster_run
    spy = await declare_spy(run)
    mongo: AsyncMongoClient[Document] = AsyncMongoClient(run.infrastructure.mongo_url)
    tickets = mongo[f"{run.database}_tickets"]["tickets"]
    envelopes = stream()
    environment = run.environment(HELPDESK_AMQP_URL=cluster_url, HELPDESK_LOG_LEVEL="WARNING")
    process = ServiceProcess("tickets", environment, log_dir).start()
    readiness: list[tuple[float, int]] = []
    try:
        eventually(lambda: process.ready_status() == 200, timeout=90, what="tickets ready")
        queue = Namespace(run.namespace).name("tickets.intake-messages")
        print("\nqueues:", cluster.ctl(3, "list_queues", "name", "type", "leader", "members"))
        await publish_all(run, envelopes[: MESSAGES // 2])

        async def some_stored() -> bool:
            return await tickets.count_documents({}) >= TICKETS // 6

        await eventually_async(some_stored, timeout=300, what="first tickets stored")
        watcher = asyncio.create_task(watch_readiness(process, readiness))
        nacks: list[str] = []
        rest = envelopes[MESSAGES // 2 :]
        second_half = asyncio.create_task(publish_until_confirmed(run, rest, nacks))
        stored_at_kill = await tickets.count_documents({})
        killed_at = time.monotonic()
        cluster.kill(1)  # the node the service connected to first (it leads `queue`)

        async def storing_again() -> bool:
            return await tickets.count_documents({}) > stored_at_kill

        await eventually_async(storing_again, timeout=120, what="tickets stored after the kill")
        await second_half

        async def all_stored_and_sent() -> bool:
            pending = await tickets.count_documents({"outbox.event_id": {"$exists": True}})
            stored = len([s async for s in _sources(tickets)])
            return stored >= MESSAGES and pending == 0

        await eventually_async(all_stored_and_sent, timeout=900, what="all stored, node 1 down")
        events: list[Document] = []

        async def every_event_arrived() -> bool:
            await take_all(run, spy, events)
            return len({e["event_id"] for e in events}) >= TICKETS + MESSAGES

        await eventually_async(every_event_arrived, timeout=60, what="every ticket event")
        eventually(lambda: process.ready_status() == 200, timeout=60, what="ready again")
        all_done_s = time.monotonic() - killed_at
        restarted = time.monotonic()
        cluster.start(1)
        rejoined_s = time.monotonic() - restarted
        running = cluster.cluster_status(3)["running_nodes"]
        await asyncio.sleep(1)
        watcher.cancel()
        dead = await dead_letters(run)
    finally:
        process.stop()
    sources = [s async for s in _sources(tickets)]
    await mongo.close()
    stored = len(set(sources))
    duplicates = len(sources) - stored
    by_id = {e["event_id"]: e for e in events}
    kinds = Counter(e["type"] for e in by_id.values())
    readiness_log = [(round(at - killed_at, 1), status) for at, status in readiness]
    ready_again_s = next((t for t, status in reversed(readiness_log) if status == 200), -1.0)
    print(
        f"\nnode 1 killed -9 with {stored_at_kill} tickets stored; queue {queue}\n"
        f"messages published {MESSAGES} (not confirmed and sent again: {len(nacks)}), "
        f"stored {stored}, duplicated {duplicates}, lost {MESSAGES - stored}\n"
        f"ticket events {len(by_id)} distinct of {len(events)} received: {dict(kinds)}\n"
        f"/health/ready back to 200 {ready_again_s:.1f} s after the kill (changes, s after kill: "
        f"{readiness_log}); every message stored and every event published "
        f"{all_done_s:.1f} s after the kill\n"
        f"node 1 restarted and rejoined in {rejoined_s:.1f} s; running: {running}; DLQ {dead}"
    )
    assert len(sources) == MESSAGES
    assert duplicates == 0
    assert kinds == {"ticket.created": TICKETS, "ticket.comment_added": MESSAGES}
    assert len(running) == 3
    assert dead == 0
