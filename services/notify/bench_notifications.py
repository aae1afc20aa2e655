"""Notifications per second end to end: ticket.created events published → emails accepted.

The notify service runs in this process on the real broker and database (an isolated run) and
hands its mail to a local aiosmtpd relay that counts accepted messages. Each event is a new
ticket with an email-only requester, so each causes exactly one email: the figure includes
contract validation, the inbox, planning the delivery (unique key), rendering the templates,
one SMTP session per message, recording the attempt with its notify.delivered outbox entry
and the relay publishing that event. Prints figures, asserts nothing.

Run from the repository root: ``uv run python -m services.notify.bench_notifications``
(or call ``run()``; inside an event loop await ``measure(isolated_run)``).
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aiosmtpd.controller import Controller

from helpdesk_contracts.common import Requester, TicketSnapshot
from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.logging import configure_logging
from helpdesk_runtime.service import ServiceRuntime
from notify.app import build_app
from notify.settings import NotifySettings
from tests.bench.harness import Cost, print_figures, run_benchmark
from tests.bench.server_cpu import ServerCpu
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async, free_port

EVENTS = 200
PUBLISH_WINDOW = 100


class CountingRelay:
    """Accepts every message and signals once ``expected`` have arrived."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.accepted = 0
        self.done = threading.Event()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.accepted += 1
        if self.accepted >= self.expected:
            self.done.set()
        return "250 2.0.0 accepted"


def _event_body(number: int) -> bytes:
    now = datetime.now(UTC)
    ticket = TicketSnapshot(
        number=number,
        subject="Não consigo acessar minha conta",
        status="new",
        priority="P2",
        channel="email",
        requester=Requester(contact_id=f"bench-{number}", name="Maria", email="maria@example.com"),
        reply_token=f"tk{number}",
        created_at=now,
        updated_at=now,
        version=1,
    )
    envelope = new_envelope(TicketCreated(ticket=ticket), producer="bench")
    return envelope.model_dump_json().encode()


async def _publish(run: IsolatedRun, bodies: list[bytes]) -> None:
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.get_exchange(run.namespace + EVENTS_EXCHANGE)
        for start in range(0, len(bodies), PUBLISH_WINDOW):
            window = bodies[start : start + PUBLISH_WINDOW]
            await asyncio.gather(
                *(
                    exchange.publish(
                        aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key="ticket.created.v1",
                    )
                    for body in window
                )
            )


async def measure(run: IsolatedRun, events: int = EVENTS) -> dict[str, float]:
    relay = CountingRelay(events)
    controller = Controller(relay, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings = NotifySettings(
        **run.settings(log_level="WARNING").model_dump(),
        smtp_host="127.0.0.1",
        smtp_port=controller.port,
    )
    app = build_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    try:
        async with app.router.lifespan_context(app):

            async def started_up() -> bool:
                return runtime.started

            await eventually_async(started_up, timeout=60, what="notify started")
            bodies = [_event_body(900000 + i) for i in range(events)]
            cost, server = Cost(), ServerCpu(run.infrastructure.mongo_url)
            started = time.perf_counter()
            await _publish(run, bodies)
            published = time.perf_counter() - started
            await asyncio.to_thread(relay.done.wait, 600)
            elapsed = time.perf_counter() - started
            cpu_ms, commands = cost.per_item(events)
            server_ms = server.ms_per_item(events)
    finally:
        controller.stop()
    return {
        "events": float(events),
        "emails_accepted": float(relay.accepted),
        "publish_s": published,
        "end_to_end_s": elapsed,
        "notifications_per_s": relay.accepted / elapsed,
        # This process runs notify, the publisher and the relay together.
        "process_cpu_ms_per_event": cpu_ms,
        "db_commands_per_event": commands,
        **({} if server_ms is None else {"db_server_cpu_ms_per_event": server_ms}),
    }


def run(events: int = EVENTS) -> dict[str, float]:
    """Measure against the project's infrastructure in a fresh isolated run; print the figures."""
    configure_logging("notify-bench", level="WARNING", as_json=False)

    return run_benchmark(lambda run: measure(run, events))


if __name__ == "__main__":
    print_figures(
        f"notify: {EVENTS} ticket.created events → emails accepted by a local relay", run()
    )
