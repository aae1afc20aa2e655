"""Claims and leases on collections that grow stay cheap however large the collection gets.

Every claim here is a conditional `update_one` (then a read by `_id`), never `findAndModify`:
on the local server findAndModify without upsert reads the whole collection (470 ms per call at
100 000 documents), which made sla's detection pass 57 s at 100 000 open clocks. It answers an
`$or` the same way, even beside an `_id` (0.9 s per claim at 20 000 documents). The test watches
the commands the claim paths send and fails on a findAndModify or an `$or` against a growing
collection.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.monitoring import (
    CommandFailedEvent,
    CommandListener,
    CommandStartedEvent,
    CommandSucceededEvent,
)

from helpdesk_runtime.inbox import Claim, Inbox
from notify.adapters.delivery_log import DeliveryLog
from notify.adapters.reminder_book import ReminderBook
from notify.domain.contacts import Channel, Contact
from notify.domain.delivery import DeliveryKey
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from sla.adapters.clock_store import ClockStore, clock_fields
from sla.domain.clock_occurrences import start_clock
from sla.domain.sla_config import SlaConfig
from tests.support.isolation import IsolatedRun
from tickets.adapters.magic_links import MagicLinkStore

Document = dict[str, Any]
NOW = datetime.now(UTC)


class FindAndModifyLog(CommandListener):
    """The collections every findAndModify command, or command with an `$or`, named."""

    def __init__(self) -> None:
        self.collections: list[str] = []

    def started(self, event: CommandStartedEvent) -> None:
        if event.command_name.lower() == "findandmodify" or _has_or(event.command):
            self.collections.append(str(event.command[event.command_name]))

    def succeeded(self, event: CommandSucceededEvent) -> None:
        pass

    def failed(self, event: CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def watched(
    isolated_run: IsolatedRun,
) -> AsyncIterator[tuple[AsyncDatabase[Document], FindAndModifyLog]]:
    log = FindAndModifyLog()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, tz_aware=True, event_listeners=[log]
    )
    yield client[f"{isolated_run.database}_claims"], log
    await client.close()


async def test_due_sla_clock_is_claimed_without_find_and_modify(
    watched: tuple[AsyncDatabase[Document], FindAndModifyLog],
) -> None:
    database, log = watched
    clocks = ClockStore(database)
    opened = NOW - timedelta(days=30)
    policy = SlaConfig().to_policy()
    clock = start_clock(ticket_number=7, priority="P2", opened_at=opened, policy=policy)
    await clocks.insert(
        7, clock_fields(clock, opened, policy) | {"next_deadline": NOW - timedelta(minutes=1)}, []
    )

    claimed = await clocks.claim(7, now=NOW, owner="sla-a", until=NOW + timedelta(seconds=30))
    second = await clocks.claim(7, now=NOW, owner="sla-b", until=NOW + timedelta(seconds=30))

    assert claimed is not None
    assert claimed.clock.ticket_number == 7
    assert second is None  # the lease holds: one replica handles the clock
    assert log.collections == []


async def test_due_reminder_is_claimed_once_without_find_and_modify(
    watched: tuple[AsyncDatabase[Document], FindAndModifyLog],
) -> None:
    database, log = watched
    book = ReminderBook(database["pending_reminders"])
    await book.ensure_indexes()
    for number, due_in in (("2026000001", -5), ("2026000002", -10), ("2026000003", 60)):
        await book.start(
            _reminder(number),
            version=1,
            due_at=NOW + timedelta(minutes=due_in),
            reply_token=None,
            correlation_id="c",
        )
    lease = timedelta(minutes=5)

    first = await book.claim_due(now=NOW, lease=lease)
    second = await book.claim_due(now=NOW, lease=lease)
    third = await book.claim_due(now=NOW, lease=lease)

    assert first is not None
    assert first.ticket_number == "2026000002"  # the earliest due first
    assert second is not None
    assert second.ticket_number == "2026000001"
    assert third is None  # the last one is not due yet
    assert await book.mark_sent(first)
    assert log.collections == []


async def test_queued_delivery_is_claimed_once_without_a_collection_scan(
    watched: tuple[AsyncDatabase[Document], FindAndModifyLog],
) -> None:
    """Each e-mail and WhatsApp message notify sends is claimed first: at 1 s a claim, a busy
    desk's notices fell behind."""
    database, log = watched
    deliveries = DeliveryLog(database["deliveries"])
    key = DeliveryKey(event_id=uuid.uuid4(), channel=Channel.EMAIL, recipient="ana@example.com")
    await database["deliveries"].insert_one({"_id": str(key), "status": "queued"})
    lease = timedelta(seconds=30)

    assert await deliveries.claim(key, now=NOW, lease=lease)
    assert not await deliveries.claim(key, now=NOW, lease=lease)  # held by the first
    assert await deliveries.claim(key, now=NOW + 2 * lease, lease=lease)  # expired: taken over
    assert log.collections == []


async def test_magic_link_is_redeemed_once_without_find_and_modify(
    watched: tuple[AsyncDatabase[Document], FindAndModifyLog],
) -> None:
    database, log = watched
    links = MagicLinkStore(database)
    code = uuid.uuid4().hex
    await links.record(
        code=code,
        contact_id="contact-1",
        email="ana@example.com",
        created_at=NOW,
        expires_at=NOW + timedelta(minutes=15),
        events=[],
    )

    assert await links.redeem(code, NOW) == "contact-1"
    assert await links.redeem(code, NOW) is None  # a link signs in once
    assert log.collections == []


async def test_inbox_claims_an_event_once_without_find_and_modify(
    watched: tuple[AsyncDatabase[Document], FindAndModifyLog],
) -> None:
    database, log = watched
    inbox = Inbox(database, lease=timedelta(seconds=30))

    assert await inbox.claim("sla.ticket-events", "e1") is Claim.TAKEN
    assert await inbox.claim("sla.ticket-events", "e1") is Claim.BUSY
    await inbox.applied("sla.ticket-events", "e1")
    assert await inbox.claim("sla.ticket-events", "e1") is Claim.APPLIED
    assert log.collections == []


def _has_or(value: object) -> bool:
    if isinstance(value, dict):
        return "$or" in value or any(_has_or(item) for item in value.values())
    if isinstance(value, list):
        return any(_has_or(item) for item in value)
    return False


def _reminder(ticket_number: str) -> NotificationRequest:
    customer = Contact(contact_id="contact-1", name="Ana Souza", email="ana@example.com")
    return NotificationRequest(
        event_id=uuid.uuid4(),
        kind=NotificationKind.PENDING_REMINDER,
        ticket_number=ticket_number,
        recipients=(customer,),
        parameters={"business_days": 3},
    )
