"""The outbox relay works in batches: a pass costs a few database commands, keeps each
document's order, takes over only expired leases and never lowers the flag over a new event."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import (
    LEASED_BY,
    LEASED_UNTIL,
    PENDING_FIELD,
    outbox_fields,
    outbox_push,
)
from helpdesk_runtime.outbox_relay import OutboxRelay
from helpdesk_runtime.publisher import EventPublisher
from helpdesk_runtime.service import ServiceRuntime
from tests.support.amqp import declare_spy_queue, take_all
from tests.support.database_commands import DatabaseCommands
from tests.support.events import ticket_created
from tests.support.isolation import IsolatedRun


async def started_publisher(isolated_run: IsolatedRun, start_runtime: Any) -> EventPublisher:
    runtime = ServiceRuntime(service="tickets", settings=isolated_run.settings())
    started: ServiceRuntime = await start_runtime(runtime)
    return started.publisher


def tickets_collection(
    isolated_run: IsolatedRun, listener: DatabaseCommands
) -> AsyncCollection[Document]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, event_listeners=[listener]
    )
    return client[isolated_run.database]["tickets"]


async def test_a_relay_pass_over_200_tickets_costs_a_few_database_commands_and_keeps_order(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    """A backlog drains at the broker's pace, not at four database round trips per ticket."""
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    publisher = await started_publisher(isolated_run, start_runtime)
    commands = DatabaseCommands()
    tickets = tickets_collection(isolated_run, commands)
    events = {number: [ticket_created(number), ticket_created(number)] for number in range(1, 201)}
    await tickets.insert_many([{"_id": n, **outbox_fields(pair)} for n, pair in events.items()])
    relay = OutboxRelay(collection=tickets, publisher=publisher, poll_s=0.1)

    before = commands.sent
    assert await relay.drain_once() == 400
    assert commands.sent - before <= 5  # was 1 + 4 per document (801)

    published = await take_all(isolated_run.infrastructure.amqp_url, spy)
    assert sorted(published) == sorted(str(e.event_id) for pair in events.values() for e in pair)
    for first, second in events.values():  # each ticket's events in the order they were stored
        assert published.index(str(first.event_id)) < published.index(str(second.event_id))
    assert await tickets.count_documents({PENDING_FIELD: True}) == 0
    assert await tickets.count_documents({LEASED_BY: {"$exists": True}}) == 0


async def test_only_an_expired_lease_of_a_dead_relay_is_taken_over(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    publisher = await started_publisher(isolated_run, start_runtime)
    tickets = tickets_collection(isolated_run, DatabaseCommands())
    now = datetime.now(UTC)
    held, expired = ticket_created(1), ticket_created(2)
    await tickets.insert_many(
        [
            {"_id": 1, **outbox_fields([held]), LEASED_UNTIL: now + timedelta(minutes=1)},
            {"_id": 2, **outbox_fields([expired]), LEASED_UNTIL: now - timedelta(seconds=1)},
        ]
    )
    await tickets.update_many({}, {"$set": {LEASED_BY: "a relay killed mid-way"}})
    relay = OutboxRelay(collection=tickets, publisher=publisher, poll_s=0.1)

    assert await relay.drain_once() == 1

    assert await take_all(isolated_run.infrastructure.amqp_url, spy) == [str(expired.event_id)]
    still_held = await tickets.find_one({"_id": 1})
    assert still_held is not None
    assert still_held[PENDING_FIELD]
    assert still_held[LEASED_BY] == "a relay killed mid-way"


class WriteWhilePublishing:
    """The real publisher; someone else changes ticket 7 during the first publish."""

    def __init__(
        self, publisher: EventPublisher, tickets: AsyncCollection[Document], change: Document
    ) -> None:
        self._publisher = publisher
        self._tickets = tickets
        self._change: Document | None = change

    async def publish_entry(self, entry: Document) -> None:
        if self._change is not None:
            await self._tickets.update_one({"_id": 7}, self._change)
            self._change = None
        await self._publisher.publish_entry(entry)


async def relay_writing_meanwhile(
    isolated_run: IsolatedRun, start_runtime: Any, change: Document
) -> tuple[OutboxRelay, AsyncCollection[Document], str]:
    """Ticket 7 holding one event; a relay whose first publish sees `change` made."""
    publisher = await started_publisher(isolated_run, start_runtime)
    tickets = tickets_collection(isolated_run, DatabaseCommands())
    first = ticket_created(7)
    await tickets.insert_one({"_id": 7, **outbox_fields([first])})
    writer = WriteWhilePublishing(publisher, tickets, change)
    relay = OutboxRelay(collection=tickets, publisher=writer, poll_s=0.1)  # type: ignore[arg-type]
    return relay, tickets, str(first.event_id)


async def test_an_event_stored_while_its_ticket_is_being_relayed_is_published_next(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    pushed = ticket_created(7)
    relay, tickets, first = await relay_writing_meanwhile(
        isolated_run, start_runtime, outbox_push([pushed])
    )

    assert await relay.drain_once() == 1
    kept = await tickets.find_one({"_id": 7})
    assert kept is not None
    assert kept[PENDING_FIELD]  # not lowered over the new event
    assert [entry["event_id"] for entry in kept["outbox"]] == [str(pushed.event_id)]

    assert await relay.drain_once() == 1
    published = await take_all(isolated_run.infrastructure.amqp_url, spy)
    assert published == [first, str(pushed.event_id)]
    assert await tickets.count_documents({PENDING_FIELD: True}) == 0


async def test_a_relay_whose_lease_was_taken_over_still_removes_what_it_sent(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    """A slow relay outlived its lease and another took the ticket: the events this one got
    confirmed are not left to be sent again, and the other relay's lease is not released."""
    spy = await declare_spy_queue(isolated_run, "ticket.created.v1", "ticket.created.v1")
    takeover = {"$set": {LEASED_BY: "the other relay"}}
    relay, tickets, first = await relay_writing_meanwhile(isolated_run, start_runtime, takeover)

    assert await relay.drain_once() == 1

    kept = await tickets.find_one({"_id": 7})
    assert kept is not None
    assert kept["outbox"] == []
    assert kept[LEASED_BY] == "the other relay"
    assert await take_all(isolated_run.infrastructure.amqp_url, spy) == [first]
