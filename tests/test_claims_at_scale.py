"""Claims and leases on collections that grow stay cheap however large the collection gets.

Every claim here is a conditional `update_one` (then a read by `_id`), never `findAndModify`:
on the local server findAndModify without upsert reads the whole collection (470 ms per call at
100 000 documents), which made sla's detection pass 57 s at 100 000 open clocks. Nor does a
claim's filter carry a top-level `$or` (or `$and`, `$nor`, `$expr`): the local server then scans
the whole collection even beside an `_id` (a delivery claim: 550 ms at 20 000 deliveries). The
tests watch the commands the claim paths send and fail on either shape; the benchmarks
`make bench ONLY=claims_at_scale` and `ONLY=inbox_at_scale` print what each path costs at
1 000 and at 100 000 documents.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Mapping
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

from chat.adapters.conversation_store import ConversationStore
from chat.conversation_record import ConversationRecord
from chat.domain.conversation import Conversation
from helpdesk_contracts.common import Requester
from helpdesk_runtime.inbox import Claim, Inbox
from notify.adapters.delivery_documents import DeliveryRecord
from notify.adapters.delivery_log import DeliveryLog
from notify.adapters.reminder_book import ReminderBook
from notify.domain.contacts import Channel, Contact
from notify.domain.delivery import DeliveryKey
from notify.domain.hand_over import HandedOver
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from sla.adapters.clock_lists import ListPosition
from sla.adapters.clock_store import ClockStore, clock_fields
from sla.domain.clock_occurrences import start_clock
from sla.domain.sla_config import SlaConfig
from tests.support.isolation import IsolatedRun
from tickets.adapters.magic_links import MagicLinkStore
from tickets.adapters.records import TicketRecord
from tickets.adapters.ticket_store import TicketStore
from tickets.domain.model import SYSTEM
from tickets.domain.model import Channel as TicketChannel
from tickets.domain.opening import InboundMessage, open_ticket
from tickets.domain.status import TicketStatus
from tickets.domain.workflow import ClosingPolicy, change_status

Document = dict[str, Any]
NOW = datetime.now(UTC).replace(microsecond=0)  # as stored: milliseconds


SCANNING_OPERATORS = {"$or", "$and", "$nor", "$expr"}


class ScanLog(CommandListener):
    """Commands the local server answers by reading the whole collection: every findAndModify,
    and every filter with a top-level logical operator (`<command> <collection>` each)."""

    def __init__(self) -> None:
        self.collections: list[str] = []
        self.open_below: list[str] = []
        """`<collection>.<field>` of every range with an upper bound and none below."""
        self.two_lower_bounds: list[str] = []
        """`<collection>.<field>` of every range bounded below twice (the local server walks
        from the looser bound)."""

    def started(self, event: CommandStartedEvent) -> None:
        name, command = event.command_name, event.command
        queries = _filters(name, command)
        if name.lower() == "findandmodify" or any(SCANNING_OPERATORS & set(q) for q in queries):
            self.collections.append(f"{name} {command[name]}")
        for query in queries:
            self.open_below += [
                f"{command[name]}.{field}"
                for field, condition in query.items()
                if isinstance(condition, dict)
                and {"$lt", "$lte"} & set(condition)
                and not {"$gt", "$gte", "$eq"} & set(condition)
            ]
            self.two_lower_bounds += [
                f"{command[name]}.{field}"
                for field, condition in query.items()
                if isinstance(condition, dict) and len({"$gt", "$gte", "$eq"} & set(condition)) > 1
            ]

    def succeeded(self, event: CommandSucceededEvent) -> None:
        pass

    def failed(self, event: CommandFailedEvent) -> None:
        pass


@pytest.fixture
async def watched(
    isolated_run: IsolatedRun,
) -> AsyncIterator[tuple[AsyncDatabase[Document], ScanLog]]:
    log = ScanLog()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, tz_aware=True, event_listeners=[log]
    )
    yield client[f"{isolated_run.database}_claims"], log
    await client.close()


async def test_due_sla_clock_is_claimed_without_scanning_the_collection(
    watched: tuple[AsyncDatabase[Document], ScanLog],
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


async def test_due_sla_clocks_are_found_among_closed_ones_without_walking_them(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    clocks = ClockStore(database)
    await clocks.ensure_indexes()
    opened = NOW - timedelta(days=30)
    policy = SlaConfig().to_policy()
    for number, deadline in ((8, NOW - timedelta(minutes=1)), (9, None)):  # 9: closed
        clock = start_clock(ticket_number=number, priority="P2", opened_at=opened, policy=policy)
        fields = clock_fields(clock, opened, policy) | {"next_deadline": deadline}
        await clocks.insert(number, fields, [])

    assert await clocks.due(NOW, limit=100) == [8]
    assert await clocks.any_due(NOW)
    # Closed clocks (every one the desk ever had) keep a null deadline: a range open below
    # walks all of them on the local server (1.3 s a pass at 20 000 closed clocks).
    assert "clocks.next_deadline" not in log.open_below


async def test_breached_and_at_risk_lists_skip_closed_clocks_without_walking_them(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    clocks = ClockStore(database)
    await clocks.ensure_indexes()
    policy = SlaConfig().to_policy()
    # 10: breached (written after its due time); 11: closed, both instants null
    for number, opened in ((10, NOW - timedelta(days=30)), (11, NOW - timedelta(days=30))):
        clock = start_clock(ticket_number=number, priority="P2", opened_at=opened, policy=policy)
        fields = clock_fields(clock, NOW, policy)
        if number == 11:
            fields |= {"at_risk_from": None, "running_due": None, "open": False}
        await clocks.insert(number, fields, [])

    breached = await clocks.in_state("breached", now=NOW, limit=10, after=None)
    at_risk = await clocks.in_state("at_risk", now=NOW, limit=10, after=None)
    [(_, due)] = breached
    after = ListPosition(due=due, number=10)
    next_breached = await clocks.in_state("breached", now=NOW, limit=10, after=after)

    assert [clock.clock.ticket_number for clock, _ in breached] == [10]
    assert at_risk == []
    assert next_breached == []
    # every closed clock the desk ever had keeps null instants: a range open below walks them
    assert not {"clocks.running_due", "clocks.at_risk_from"} & set(log.open_below)
    assert log.two_lower_bounds == []  # a later page starts at its position, not the earliest


async def test_due_reminder_is_claimed_once_without_scanning_the_collection(
    watched: tuple[AsyncDatabase[Document], ScanLog],
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


async def test_reminder_whose_sender_died_is_claimed_again_after_its_lease(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    book = ReminderBook(database["pending_reminders"])
    await book.ensure_indexes()
    await book.start(
        _reminder("2026000004"),
        version=1,
        due_at=NOW - timedelta(minutes=1),
        reply_token=None,
        correlation_id="c",
    )
    lease = timedelta(minutes=5)
    held = await book.claim_due(now=NOW, lease=lease)  # and its sender dies
    later = NOW + lease + timedelta(seconds=1)

    assert held is not None
    assert await book.claim_due(now=NOW + timedelta(minutes=4), lease=lease) is None
    assert await book.earliest_due(now=NOW, within=timedelta(hours=1)) == NOW + lease
    again = await book.claim_due(now=later, lease=lease)
    assert again is not None
    assert again.ticket_number == "2026000004"
    assert not await book.mark_sent(held)  # the dead sender's lease is no longer the reminder's
    assert await book.mark_sent(again)
    assert log.collections == []


async def test_queued_delivery_is_claimed_once_per_lease_without_scanning_the_collection(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    deliveries = DeliveryLog(database["deliveries"])
    await deliveries.ensure_indexes()
    record = _delivery("2026000005", "contact-1")
    key = record.key
    await deliveries.plan([record], [], NOW)
    lease = timedelta(seconds=30)

    assert await deliveries.claim(key, now=NOW, lease=lease)
    assert not await deliveries.claim(key, now=NOW + timedelta(seconds=29), lease=lease)
    taken = await deliveries.claim(key, now=NOW + timedelta(seconds=31), lease=lease)
    assert taken is not None
    mark = HandedOver(attempt=1, at=NOW + timedelta(seconds=31))
    assert await deliveries.hand_over(key, token=taken.token, mark=mark)
    left = await deliveries.claim(key, now=NOW + timedelta(seconds=62), lease=lease)
    assert left is not None
    assert left.handed_over == mark  # the dead sender's hand-over
    assert not await deliveries.hand_over(key, token=taken.token, mark=mark)
    assert log.collections == []


async def test_magic_link_is_redeemed_once_without_scanning_the_collection(
    watched: tuple[AsyncDatabase[Document], ScanLog],
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


async def test_inbox_claims_an_event_once_without_scanning_the_collection(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    inbox = Inbox(database, lease=timedelta(seconds=30))

    assert await inbox.claim("sla.ticket-events", "e1") is Claim.TAKEN
    assert await inbox.claim("sla.ticket-events", "e1") is Claim.BUSY
    await inbox.applied("sla.ticket-events", "e1")
    assert await inbox.claim("sla.ticket-events", "e1") is Claim.APPLIED
    assert log.collections == []


async def test_a_tickets_deliveries_are_paged_in_plan_order_without_scanning_the_log(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    deliveries = DeliveryLog(database["deliveries"])
    await deliveries.ensure_indexes()
    planned = []
    for recipient, at in (("b", NOW), ("a", NOW), ("c", NOW + timedelta(seconds=1))):
        record = _delivery("2026000006", recipient)
        await deliveries.plan([record], [], at)
        planned.append(str(record.key))
    await deliveries.plan([_delivery("2026000007", "a")], [], NOW)  # another ticket's

    pages, after = [], None
    while page := await deliveries.for_ticket("2026000006", limit=1, after=after):
        pages.append(page[0]["_id"])
        after = (page[0]["created_at"], page[0]["_id"])

    assert pages == [*sorted(planned[:2]), planned[2]]  # same instant: by key
    assert log.collections == []


async def test_transcript_sweep_finds_only_conversations_whose_rating_wait_ran_out(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    store = ConversationStore(database)
    await store.ensure_indexes()
    waits = {"ended": None, "due": NOW - timedelta(minutes=1), "later": NOW + timedelta(hours=1)}
    for session, due in waits.items():
        conversation = ConversationRecord(
            id=session,
            token_hash=session,
            conversation=Conversation(),
            started_at=NOW,
            transcript_due_at=due,
        )
        await store.create(conversation, [], [])

    due_now = await store.transcripts_due(NOW)

    assert [record.id for record in due_now] == ["due"]
    # Ended conversations (all of them, kept for good) hold a null: a range open below walks
    # every one of them on the local server (4.8 s at 20 000 conversations).
    assert log.open_below == []


async def test_closing_sweep_finds_only_tickets_resolved_a_week_ago(
    watched: tuple[AsyncDatabase[Document], ScanLog],
) -> None:
    database, log = watched
    closing = ClosingPolicy()
    tickets = TicketStore(database, closing)
    await tickets.ensure_indexes()
    for number, resolved_days_ago in ((100001, None), (100002, 8), (100003, 2)):
        await tickets.insert(_ticket(number, resolved_days_ago, closing), [])

    due = await tickets.due_for_closing(NOW)

    assert [record.number for record in due] == [100002]
    assert log.open_below == []  # open tickets hold a null close_due_at


def _ticket(number: int, resolved_days_ago: int | None, closing: ClosingPolicy) -> TicketRecord:
    message = InboundMessage(
        sender_id="contact-ana",
        channel=TicketChannel.EMAIL,
        subject="Boleto não chegou",
        text="Olá, o boleto de março não chegou.",
        received_at=NOW - timedelta(days=10),
    )
    ticket = open_ticket(message, number=number, now=NOW - timedelta(days=10)).ticket
    if resolved_days_ago is not None:
        resolved = NOW - timedelta(days=resolved_days_ago)
        ticket = change_status(ticket, to=TicketStatus.RESOLVED, actor=SYSTEM, now=resolved).ticket
    requester = Requester(contact_id="contact-ana", email="ana@example.com")
    return TicketRecord(ticket=ticket, requester=requester, reply_token=f"tk{number}")


def _delivery(ticket_number: str, recipient: str) -> DeliveryRecord:
    key = DeliveryKey(event_id=uuid.uuid4(), channel=Channel.EMAIL, recipient=recipient)
    return DeliveryRecord(
        key=key,
        request=_reminder(ticket_number),
        address="ana@example.com",
        reply_token=None,
        correlation_id="c",
    )


def _reminder(ticket_number: str) -> NotificationRequest:
    customer = Contact(contact_id="contact-1", name="Ana Souza", email="ana@example.com")
    return NotificationRequest(
        event_id=uuid.uuid4(),
        kind=NotificationKind.PENDING_REMINDER,
        ticket_number=ticket_number,
        recipients=(customer,),
        parameters={"business_days": 3},
    )


def _filters(name: str, command: Mapping[str, Any]) -> list[Document]:
    """The filters a find, count, update or delete command carries."""
    if name in ("find", "count"):
        return [command.get("filter") or command.get("query") or {}]
    if name in ("update", "delete"):
        return [statement["q"] for statement in command.get(name + "s", [])]
    return []
