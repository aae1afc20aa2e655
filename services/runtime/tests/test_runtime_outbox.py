"""The outbox relay: events stored with a change are published, and none is lost or kept."""

from __future__ import annotations

import json
from typing import Any

from helpdesk_runtime.outbox import PENDING_FIELD, outbox_entries, outbox_push
from helpdesk_runtime.service import ServiceRuntime
from tests.support.amqp import declare_spy_queue, get_message
from tests.support.events import ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async


async def tickets_runtime(isolated_run: IsolatedRun) -> tuple[ServiceRuntime, str]:
    """A tickets runtime not started yet, and a spy queue on what it publishes."""
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    return ServiceRuntime(service="tickets", settings=isolated_run.settings()), spy


async def test_events_written_with_a_change_are_published_and_cleared(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    runtime, spy = await tickets_runtime(isolated_run)
    tickets = runtime.db["tickets"]
    relay = runtime.outbox_relay(tickets)
    await start_runtime(runtime)
    event = ticket_created(100777)

    await tickets.update_one(
        {"_id": 100777},
        {"$set": {"subject": "Boleto em dobro"}, **outbox_push([event])},
        upsert=True,
    )
    relay.wake()

    message = await get_message(isolated_run.infrastructure.amqp_url, spy)
    assert json.loads(message.body)["event_id"] == str(event.event_id)
    assert message.message_id == str(event.event_id)

    async def cleared() -> bool:
        document = await tickets.find_one({"_id": 100777})
        return (
            document is not None and document.get("outbox") == [] and PENDING_FIELD not in document
        )

    await eventually_async(cleared, what="outbox emptied and its flag lowered after the confirm")


async def test_events_left_without_the_pending_flag_are_published_at_start(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    """A document written before the flag existed (or by a careless writer) is not stranded."""
    runtime, spy = await tickets_runtime(isolated_run)
    tickets = runtime.db["tickets"]
    event = ticket_created(100778)
    await tickets.insert_one({"_id": 100778, "outbox": outbox_entries([event])})

    runtime.outbox_relay(tickets)
    await start_runtime(runtime)

    message = await get_message(isolated_run.infrastructure.amqp_url, spy)
    assert json.loads(message.body)["event_id"] == str(event.event_id)
