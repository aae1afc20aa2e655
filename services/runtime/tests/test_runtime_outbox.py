"""The outbox relay: events stored with a change are published, and none is lost or kept."""

from __future__ import annotations

import asyncio
import json
from functools import partial
from typing import Any

import pytest
from aiormq.exceptions import ChannelInvalidStateError
from pymongo.asynchronous.collection import AsyncCollection
from yarl import URL

from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import (
    LEASED_BY,
    PENDING_FIELD,
    outbox_entries,
    outbox_fields,
    outbox_push,
)
from helpdesk_runtime.outbox_relay import OutboxRelay
from helpdesk_runtime.publisher import PublishNotConfirmedError
from helpdesk_runtime.service import ServiceRuntime
from tests.support.amqp import declare_spy_queue, get_message, take_all
from tests.support.events import ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async
from tests.support.tcp_proxy import SilenceableProxy


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


async def nothing_pending(collection: AsyncCollection[Document]) -> bool:
    return await collection.count_documents({PENDING_FIELD: True}) == 0


async def pending_documents(isolated_run: IsolatedRun, count: int) -> list[str]:
    """`count` tickets each holding one event to publish; their event ids."""
    tickets = ServiceRuntime(service="tickets", settings=isolated_run.settings()).db["tickets"]
    events = [ticket_created(200000 + number) for number in range(count)]
    await tickets.insert_many(
        [{"_id": 200000 + number, **outbox_fields([event])} for number, event in enumerate(events)]
    )
    return [str(event.event_id) for event in events]


async def test_two_replicas_relaying_one_collection_publish_each_event_once(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    expected = await pending_documents(isolated_run, 200)
    replicas = [
        ServiceRuntime(service="tickets", settings=isolated_run.settings()) for _ in range(2)
    ]
    for replica in replicas:
        replica.outbox_relay(replica.db["tickets"])

    await asyncio.gather(*(start_runtime(replica) for replica in replicas))

    await eventually_async(
        partial(nothing_pending, replicas[0].db["tickets"]), timeout=60, what="all relayed"
    )
    published = await take_all(isolated_run.infrastructure.amqp_url, spy)
    assert sorted(published) == sorted(expected)  # each once: none lost, none twice


async def test_a_publish_the_broker_never_confirms_stays_pending_and_is_sent_again(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    """The broker goes silent (a quorum queue's leader died): the relay gives up after the
    confirm timeout instead of waiting for ever, keeps the event, and sends it once heard."""
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    broker = URL(isolated_run.infrastructure.amqp_url)
    async with SilenceableProxy(broker.host or "127.0.0.1", broker.port or 5672) as proxy:
        through_proxy = str(broker.with_port(proxy.port))
        settings = isolated_run.settings(amqp_url=through_proxy, publish_confirm_timeout_s=0.5)
        runtime: ServiceRuntime = await start_runtime(
            ServiceRuntime(service="tickets", settings=settings)
        )
        await runtime.publisher.publish_entry(outbox_entries([ticket_created(100780)])[0])
        event = ticket_created(100779)
        proxy.silence()

        with pytest.raises(PublishNotConfirmedError):
            await asyncio.wait_for(runtime.publisher.publish_entry(outbox_entries([event])[0]), 10)

        tickets = runtime.db["tickets"]
        await tickets.insert_one({"_id": 100779, **outbox_fields([event])})
        relay = OutboxRelay(collection=tickets, publisher=runtime.publisher, poll_s=0.1)
        # the channel the unanswered publish used is gone: a fast failure, or another timeout
        with pytest.raises((PublishNotConfirmedError, ChannelInvalidStateError)):
            await asyncio.wait_for(relay.drain_once(), 10)
        kept = await tickets.find_one({"_id": 100779})
        assert kept is not None
        assert kept[PENDING_FIELD]
        assert len(kept["outbox"]) == 1
        assert LEASED_BY not in kept  # the lease is given back: any replica may retry at once

        proxy.restore()
        relaying = asyncio.create_task(relay.run())
        try:
            await eventually_async(
                partial(nothing_pending, tickets), timeout=60, what="sent once the broker answers"
            )
        finally:
            relaying.cancel()
    published = await take_all(isolated_run.infrastructure.amqp_url, spy)
    assert str(event.event_id) in published
