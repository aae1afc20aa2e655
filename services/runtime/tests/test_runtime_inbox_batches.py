"""Deliveries handled at the same time share their inbox writes, and still apply each event once."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring
from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_runtime.delivery import Delivery
from helpdesk_runtime.event_dispatch import event_dispatcher
from helpdesk_runtime.group_commit import Batcher
from helpdesk_runtime.inbox import Claim, Inbox
from tests.support.events import ticket_created
from tests.support.isolation import IsolatedRun

Document = dict[str, Any]
QUEUE = "sla.ticket-events"


@dataclass
class InboxCommands(monitoring.CommandListener):
    """The write commands sent to the `inbox` collection."""

    names: list[str] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command.get(event.command_name) == "inbox":
            self.names.append(event.command_name)

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def watched_inbox(isolated_run: IsolatedRun) -> AsyncIterator[tuple[Inbox, InboxCommands]]:
    commands = InboxCommands()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, tz_aware=True, event_listeners=[commands]
    )
    yield Inbox(client[f"{isolated_run.database}_inbox"], lease=timedelta(seconds=30)), commands
    await client.close()


@pytest.fixture
async def inbox_database(isolated_run: IsolatedRun) -> AsyncIterator[AsyncDatabase[Document]]:
    """The database of `watched_inbox`, seen through a client of its own."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(isolated_run.infrastructure.mongo_url)
    yield client[f"{isolated_run.database}_inbox"]
    await client.close()


async def test_events_handled_together_are_claimed_and_marked_in_one_write_each(
    watched_inbox: tuple[Inbox, InboxCommands],
) -> None:
    inbox, commands = watched_inbox
    events = [f"event-{number}" for number in range(20)]

    claims = await asyncio.gather(*(inbox.claim(QUEUE, event) for event in events))
    await asyncio.gather(*(inbox.applied(QUEUE, event) for event in events))

    assert claims == [Claim.TAKEN] * 20
    # the first write of each kind goes out alone, the 19 queued behind it together
    assert commands.names == ["insert", "insert", "insert", "insert"]
    assert all([await inbox.seen(QUEUE, event) for event in events])


async def test_marks_posted_while_a_claim_is_in_flight_go_out_with_the_next_claims(
    watched_inbox: tuple[Inbox, InboxCommands],
) -> None:
    """Claims and applied marks are both inserts: what queues behind the write in flight is one
    command, not one per kind (the former marks' own batch was a third command here)."""
    inbox, commands = watched_inbox
    handled = [f"handled-{number}" for number in range(10)]
    await asyncio.gather(*(inbox.claim(QUEUE, event) for event in handled))
    commands.names.clear()

    in_flight = asyncio.create_task(inbox.claim(QUEUE, "next-0"))
    await asyncio.sleep(0)  # its insert is on its way
    for event in handled:
        inbox.applied_soon(QUEUE, event)
    later = [inbox.claim(QUEUE, f"next-{number}") for number in range(1, 10)]
    claims = await asyncio.gather(in_flight, *later)
    await inbox.settle(timeout_s=10)

    assert claims == [Claim.TAKEN] * 10
    assert commands.names == ["insert", "insert"]
    assert all([await inbox.seen(QUEUE, event) for event in handled])


async def test_events_marked_applied_together_share_one_mark_document(
    inbox_database: AsyncDatabase[Document], watched_inbox: tuple[Inbox, InboxCommands]
) -> None:
    """One document per batch of marks, not one per event (the former marks: 20 documents)."""
    inbox, _ = watched_inbox
    events = [f"event-{number}" for number in range(20)]
    await asyncio.gather(*(inbox.claim(QUEUE, event) for event in events))

    await asyncio.gather(*(inbox.applied(QUEUE, event) for event in events))

    entries = inbox_database["inbox"]
    assert await entries.count_documents({"lease_until": {"$exists": True}}) == 20  # the claims
    assert await entries.count_documents({"applied_at": {"$exists": True}}) == 2  # 1, then 19
    assert [await inbox.claim(QUEUE, event) for event in events] == [Claim.APPLIED] * 20


async def test_copies_of_one_event_claimed_together_let_one_through(
    watched_inbox: tuple[Inbox, InboxCommands],
) -> None:
    inbox, _ = watched_inbox

    claims = await asyncio.gather(
        inbox.claim(QUEUE, "copied"), inbox.claim(QUEUE, "copied"), inbox.claim(QUEUE, "other")
    )

    assert sorted(claim.value for claim in claims) == ["busy", "taken", "taken"]
    await inbox.applied(QUEUE, "copied")
    assert await inbox.claim(QUEUE, "copied") is Claim.APPLIED


async def test_writes_queued_behind_a_cancelled_writer_are_still_stored() -> None:
    sent: list[list[str]] = []
    first_write_hangs = asyncio.Event()

    async def store(items: list[str]) -> list[str]:
        sent.append(items)
        if len(sent) == 1:
            await first_write_hangs.wait()  # the service stops while this write is in flight
        return [item.upper() for item in items]

    batcher: Batcher[str, str] = Batcher(store)
    stopping = asyncio.create_task(batcher.submit("a"))
    await asyncio.sleep(0)
    queued = [asyncio.create_task(batcher.submit(item)) for item in ("b", "c")]
    await asyncio.sleep(0)
    stopping.cancel()

    assert await asyncio.gather(*queued) == ["B", "C"]
    assert sent == [["a"], ["b", "c"]]
    assert stopping.cancelled()


async def test_an_applied_event_is_acknowledged_after_one_inbox_write_and_marked_meanwhile(
    watched_inbox: tuple[Inbox, InboxCommands],
) -> None:
    """The delivery waits for its claim only: the applied mark goes out after the handler
    returns (with the marks of other deliveries), and still makes a later copy a duplicate."""
    inbox, commands = watched_inbox
    applied: list[str] = []

    async def handler(envelope: Envelope[Any]) -> None:
        applied.append(str(envelope.event_id))

    dispatch = event_dispatcher({TicketCreated: handler}, inbox=inbox, queue=QUEUE)
    event = ticket_created()
    delivery = Delivery(routing_key=event.routing_key, body=event.model_dump_json().encode())

    assert await dispatch(delivery) == "applied"
    assert commands.names == ["insert"]  # what the acknowledgement waited for

    await inbox.settle(timeout_s=10)
    assert commands.names == ["insert", "insert"]
    assert await dispatch(delivery) == "duplicate"
    assert applied == [str(event.event_id)]


async def test_an_event_applied_before_marks_had_documents_of_their_own_is_still_a_duplicate(
    inbox_database: AsyncDatabase[Document], watched_inbox: tuple[Inbox, InboxCommands]
) -> None:
    """Entries written by an earlier version (the claim updated to carry `applied_at`)."""
    inbox, _ = watched_inbox
    before = {"_id": f"{QUEUE}:applied-before", "applied_at": datetime.now(UTC)}
    await inbox_database["inbox"].insert_one(before)

    assert await inbox.claim(QUEUE, "applied-before") is Claim.APPLIED
    assert await inbox.seen(QUEUE, "applied-before")


async def test_claims_and_marks_are_forgotten_after_the_retention(
    inbox_database: AsyncDatabase[Document],
) -> None:
    database = inbox_database
    await database["inbox"].create_index("lease_until")  # without a TTL, as if made by hand
    inbox = Inbox(database, lease=timedelta(seconds=30), retention=timedelta(days=3))

    await inbox.ensure_indexes()

    indexes = await database["inbox"].index_information()
    ttl = {index["key"][0][0]: index.get("expireAfterSeconds") for index in indexes.values()}
    assert ttl["applied_at"] == ttl["lease_until"] == 3 * 86_400
    # a claim has no `applied_at`, a mark no `lease_until`: each is an entry of one index only
    assert indexes["applied_at_1"].get("sparse")
    assert indexes["lease_until_1"].get("sparse")


async def test_a_new_retention_retunes_the_sparse_ttl_indexes_in_place(
    inbox_database: AsyncDatabase[Document],
) -> None:
    database, lease = inbox_database, timedelta(seconds=30)
    await Inbox(database, lease=lease, retention=timedelta(days=14)).ensure_indexes()

    await Inbox(database, lease=lease, retention=timedelta(days=3)).ensure_indexes()

    indexes = await database["inbox"].index_information()
    assert {name: index.get("expireAfterSeconds") for name, index in indexes.items()} == {
        "_id_": None,
        "applied_at_1": 3 * 86_400,
        "lease_until_1": 3 * 86_400,
        "applied_1": None,
    }
