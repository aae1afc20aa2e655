"""Benchmark: the outbox relay draining a backlog, and one pass as the collection grows.

Run with `make bench ONLY=outbox` (real broker and database of the project's infrastructure;
HELPDESK_BENCH_OUTBOX_DOCUMENTS replaces the larger collection size). Figures:

- `backlog_*`: a relay drains 2 000 tickets holding two events each (a ticket created and a
  comment added), published with confirms to a durable queue bound to them: events and
  documents per second, and database commands per document;
- `pass_ms_at_<n>`: one pass that finds 10 pending tickets among `n` (1 000 and 100 000) and
  publishes them (median of 3); `pass_ratio_large_to_small` compares the two (goal: at most 2).

It reports figures, asserts nothing and drops its database and queues.
"""

from __future__ import annotations

import os
import statistics
import time

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import AutoReconnect

from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import ensure_outbox_index, outbox_fields, outbox_push
from helpdesk_runtime.outbox_relay import OutboxRelay
from helpdesk_runtime.service import ServiceRuntime
from tests.bench.harness import Cost, run_benchmark
from tests.support.amqp import declare_spy_queue
from tests.support.events import ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.runtime import start_and_wait

BACKLOG = 2_000
SIZES = (1_000, 100_000)
PENDING = 10
PASSES = 3
INSERT_BATCH = 5_000


async def _fill(tickets: AsyncCollection[Document], count: int) -> None:
    """`count` tickets with nothing to publish (an empty outbox, no flag)."""
    for start in range(1, count + 1, INSERT_BATCH):
        end = min(start + INSERT_BATCH, count + 1)
        batch = [{"_id": n, "subject": f"Chamado {n}", "outbox": []} for n in range(start, end)]
        await tickets.insert_many(batch, ordered=False)


async def _pass(relay: OutboxRelay) -> int:
    """One pass; a connection the busy shared server dropped is retried like the relay's loop
    does (what was not removed is published again)."""
    for attempt in range(1, 4):
        try:
            return await relay.drain_once()
        except AutoReconnect as error:
            print(f"relay pass: {error!r} (try {attempt} of 3)")
    return 0


async def _drain(relay: OutboxRelay, tickets: AsyncCollection[Document]) -> None:
    while await _pass(relay) or await tickets.find_one({"outbox_pending": True}):
        pass


async def _backlog(runtime: ServiceRuntime) -> dict[str, float]:
    tickets = runtime.db["bench_backlog"]
    await ensure_outbox_index(tickets)
    await tickets.insert_many(
        [
            {"_id": n, **outbox_fields([ticket_created(n), ticket_created(n)])}
            for n in range(1, BACKLOG + 1)
        ]
    )
    relay = OutboxRelay(collection=tickets, publisher=runtime.publisher, poll_s=1.0)
    started, cost = time.perf_counter(), Cost()
    await _drain(relay, tickets)
    elapsed = time.perf_counter() - started
    _, commands = cost.per_item(BACKLOG)
    await tickets.drop()
    return {
        "backlog_events_per_s": 2 * BACKLOG / elapsed,
        "backlog_documents_per_s": BACKLOG / elapsed,
        "backlog_db_commands_per_document": commands,
    }


async def _pass_ms(runtime: ServiceRuntime, size: int) -> float:
    tickets = runtime.db[f"bench_pass_{size}"]
    await ensure_outbox_index(tickets)
    await _fill(tickets, size)
    relay = OutboxRelay(collection=tickets, publisher=runtime.publisher, poll_s=1.0)
    step = size // PENDING
    timings = []
    for _ in range(PASSES):
        pending = {"_id": {"$in": list(range(1, size + 1, step))}}
        await tickets.update_many(pending, outbox_push([ticket_created(1)]))
        started = time.perf_counter()
        await _pass(relay)
        timings.append(1000 * (time.perf_counter() - started))
    await tickets.drop()
    return statistics.median(timings)


async def _measure(run: IsolatedRun) -> dict[str, float]:
    await declare_spy_queue(run, "ticket.created.v1", "ticket.created.v1")
    runtime = await start_and_wait(ServiceRuntime(service="tickets", settings=run.settings()))
    try:
        figures = await _backlog(runtime)
        sizes = (SIZES[0], int(os.environ.get("HELPDESK_BENCH_OUTBOX_DOCUMENTS", SIZES[1])))
        for size in sizes:
            figures[f"pass_ms_at_{size}"] = await _pass_ms(runtime, size)
        small, large = (figures[f"pass_ms_at_{size}"] for size in sizes)
        figures["pass_ratio_large_to_small"] = large / small
        return figures
    finally:
        await runtime.stop()


def run() -> dict[str, float]:
    """Figures of the relay's throughput and of one pass at two collection sizes."""
    return run_benchmark(_measure)


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value:,.2f}")
