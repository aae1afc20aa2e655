"""Graceful shutdown: a message being handled when the service is asked to stop is finished."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import aio_pika
from pymongo import AsyncMongoClient

from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_runtime.inbox import Inbox
from helpdesk_runtime.service import ServiceRuntime
from tests.support.events import publish_event, ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.runtime import HeldHandler, start_and_wait


async def test_stop_waits_for_the_message_in_flight_and_acknowledges_it(
    isolated_run: IsolatedRun,
) -> None:
    slow_handler = HeldHandler()

    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    runtime.subscribe_events("ticket-events", {TicketCreated: slow_handler})
    await start_and_wait(runtime)
    event = ticket_created()
    await publish_event(isolated_run.infrastructure.amqp_url, isolated_run.namespace, event)
    await asyncio.wait_for(slow_handler.entered.wait(), timeout=15)

    stopping = asyncio.create_task(runtime.stop())
    await asyncio.sleep(0.3)  # give stop() the chance to (wrongly) abandon the handler
    assert not stopping.done()
    slow_handler.release.set()
    await asyncio.wait_for(stopping, timeout=20)

    assert slow_handler.applied == [str(event.event_id)]
    connection = await aio_pika.connect(isolated_run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(
            f"{isolated_run.namespace}sla.ticket-events", passive=True
        )
        assert queue.declaration_result.message_count == 0
    # its applied mark, written after the acknowledgement, was stored before the database
    # connection closed, so a later copy of the event is skipped
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(runtime.settings.mongo_url)
    inbox = Inbox(client[runtime.settings.database_name("sla")], lease=timedelta(seconds=30))
    assert await inbox.seen("sla.ticket-events", str(event.event_id))
    await client.close()
