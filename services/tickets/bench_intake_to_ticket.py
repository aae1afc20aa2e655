"""Benchmark: intake.message.received → ticket stored and its ticket.created confirmed.

Publishes EVENTS new-ticket messages (distinct senders) to the real broker, with a tickets
service running in this process on the real database, and measures events/s from the first
publish until every ticket is stored and every ticket.created has reached a queue of ours.
CPU time of this process (service, publisher and spy together) and database commands per event
are printed too, and the commands by kind (`update tickets`) with their mean time: a command
that waits long at 32 concurrent and briefly when sent alone is queued at the server.
Prints figures and asserts nothing. `run()` is what `make bench` calls.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from datetime import UTC, datetime

import aio_pika
from pymongo import AsyncMongoClient, monitoring

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import MessageReceived
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.logging import configure_logging
from helpdesk_runtime.service import ServiceRuntime
from tests.bench.harness import Cost, print_figures, run_benchmark
from tests.bench.server_cpu import ServerCpu
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async
from tickets.app import build_app
from tickets.settings import TicketsSettings

EVENTS = 200


class CommandKinds(monitoring.CommandListener):
    """Database commands this process sends, by command and collection (`update tickets`),
    and the time they took (sent to answered, microseconds)."""

    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()
        self.took_us: Counter[str] = Counter()
        self._kinds: dict[int, str] = {}

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        target = event.command.get(event.command_name)
        kind = f"{event.command_name} {target}" if isinstance(target, str) else event.command_name
        self.sent[kind] += 1
        self._kinds[event.request_id] = kind

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        self.took_us[self._kinds.pop(event.request_id, event.command_name)] += event.duration_micros

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        self.took_us[self._kinds.pop(event.request_id, event.command_name)] += event.duration_micros


COMMAND_KINDS = CommandKinds()
monitoring.register(COMMAND_KINDS)


async def measure(run: IsolatedRun, count: int = EVENTS) -> dict[str, float]:
    settings = TicketsSettings(**{**run.settings().model_dump(), "log_level": "WARNING"})
    app = build_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    connection = await aio_pika.connect(run.infrastructure.amqp_url, timeout=10)
    mongo: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(run.infrastructure.mongo_url)
    tickets = mongo[settings.database_name("tickets")]["tickets"]
    try:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            run.namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        confirmed = await channel.declare_queue(f"{run.namespace}bench.created", exclusive=True)
        await confirmed.bind(exchange, routing_key="ticket.created.v1")
        await runtime.start()

        async def runtime_started() -> bool:
            return runtime.started

        await eventually_async(runtime_started, timeout=120, what="tickets runtime started")
        bodies = [_message(i).model_dump_json().encode() for i in range(count)]
        started, cost = time.perf_counter(), Cost()
        server_cpu = ServerCpu(run.infrastructure.mongo_url)
        kinds, took = COMMAND_KINDS.sent.copy(), COMMAND_KINDS.took_us.copy()
        for body in bodies:
            message = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await exchange.publish(message, routing_key="intake.message.received.v1")
        published = time.perf_counter()
        created: set[int] = set()
        async with confirmed.iterator() as messages:
            async for incoming in messages:
                await incoming.ack()
                created.add(json.loads(incoming.body)["payload"]["ticket"]["number"])
                if len(created) >= count:
                    break
        finished = time.perf_counter()
        cpu_ms, commands = cost.per_item(count)
        server_ms = server_cpu.ms_per_item(count)
        by_kind, took_us = COMMAND_KINDS.sent - kinds, COMMAND_KINDS.took_us - took
        stored = await tickets.count_documents({})
    finally:
        await runtime.stop()
        await connection.close()
        await mongo.close()
    elapsed = finished - started
    return {
        "events": float(count),
        "tickets stored": float(stored),
        "publish s": published - started,
        "end-to-end s": elapsed,
        "events/s": count / elapsed,
        "ms per event": 1000 * elapsed / count,
        "process cpu ms per event": cpu_ms,
        "db commands per event": commands,
        **({} if server_ms is None else {"db server cpu ms per event": server_ms}),
        **{f"db {kind} per event": n / count for kind, n in sorted(by_kind.items())},
        **{f"db {kind} mean ms": took_us[kind] / n / 1000 for kind, n in sorted(by_kind.items())},
    }


def _message(i: int) -> Envelope[MessageReceived]:
    payload = MessageReceived(
        inbound_id=f"bench-{i}",
        channel="email",
        received_at=datetime.now(UTC),
        sender=Person(name=f"Cliente {i}", email=f"bench{i}@example.com.br"),
        subject=f"Pedido {i} não chegou",
        text=f"O pedido {i} está atrasado.",
    )
    return new_envelope(payload, producer="bench")


def run() -> dict[str, float]:
    """Measure against the project's infrastructure on an isolated run; print the figures."""

    configure_logging("tickets", level="WARNING", as_json=True)
    return run_benchmark(measure)


if __name__ == "__main__":
    print_figures(
        f"tickets: intake event → ticket stored and ticket.created confirmed ({EVENTS} events)",
        run(),
    )
