"""Graceful shutdown: a message being handled when the service is asked to stop is finished."""

from __future__ import annotations

import asyncio
from typing import Any

import aio_pika

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_runtime.service import ServiceRuntime
from tests.support.events import publish_event, ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.runtime import start_and_wait


async def test_stop_waits_for_the_message_in_flight_and_acknowledges_it(
    isolated_run: IsolatedRun,
) -> None:
    entered, release = asyncio.Event(), asyncio.Event()
    finished: list[str] = []

    async def slow_handler(envelope: Envelope[Any]) -> None:
        entered.set()
        await release.wait()
        finished.append(str(envelope.event_id))

    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    runtime.subscribe_events("ticket-events", {TicketCreated: slow_handler})
    await start_and_wait(runtime)
    event = ticket_created()
    await publish_event(isolated_run.infrastructure.amqp_url, isolated_run.namespace, event)
    await asyncio.wait_for(entered.wait(), timeout=15)

    stopping = asyncio.create_task(runtime.stop())
    await asyncio.sleep(0.3)  # give stop() the chance to (wrongly) abandon the handler
    assert not stopping.done()
    release.set()
    await asyncio.wait_for(stopping, timeout=20)

    assert finished == [str(event.event_id)]
    connection = await aio_pika.connect(isolated_run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(
            f"{isolated_run.namespace}sla.ticket-events", passive=True
        )
        assert queue.declaration_result.message_count == 0
