"""Benchmark: notify's delivery log and pending reminders at 1 000 and at 100 000 documents.

`make bench ONLY=claims_at_scale` (with chat's and tickets' benchmarks of the same name) or
`make bench ONLY=notify`. Both collections keep a document per delivery or ticket for good, so
they grow with the desk's history. Seeded deliveries were sent (a few failed or were skipped,
one in 200 waits for a retry); seeded reminders were sent or cancelled, one in 50 still waits
for a later day. Paths, timed through notify's own `DeliveryLog` and `ReminderBook`:
- `notify_delivery_send`: 50 new deliveries planned, found queued, claimed for a send attempt
  (the lease) and their attempt recorded;
- `notify_delivery_status`: 50 provider status callbacks (delivered), each finding its delivery
  by provider message id and storing the status;
- `notify_reminder_claim`: 20 reminders fall due; the timer finds when the next one is due,
  claims each (the lease) and marks it sent.
Prints figures, asserts nothing.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document
from notify.adapters.delivery_documents import DeliveryRecord, planned_document
from notify.adapters.delivery_log import DeliveryLog
from notify.adapters.reminder_book import CANCELLED, SENT, WAITING, ReminderBook
from notify.domain.contacts import Channel, Contact
from notify.domain.delivery import DeliveryKey, DeliveryState, DeliveryStatus, record_status
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from tests.bench.harness import print_figures
from tests.bench.scale import ScaleCase, run_scale_benchmark, seeded_case

DELIVERIES = 50
CALLBACKS = 50
REMINDERS = 20
LEASE = timedelta(minutes=5)
NOW = datetime.now(UTC)
CUSTOMER = Contact(contact_id="contact-1", name="Ana Souza", email="ana@example.com.br")


def ticket_number(number: int) -> str:
    return f"{2026000000 + number}"


def request(number: int) -> NotificationRequest:
    return NotificationRequest(
        event_id=uuid.UUID(int=number + 1),
        kind=NotificationKind.PENDING_REMINDER,
        ticket_number=ticket_number(number),
        ticket_subject="Não consigo acessar minha conta",
        recipients=(CUSTOMER,),
        parameters={"business_days": 3},
    )


def delivery(number: int, *, channel: Channel = Channel.EMAIL) -> DeliveryRecord:
    key = DeliveryKey(event_id=uuid.UUID(int=number + 1), channel=channel, recipient="contact-1")
    return DeliveryRecord(
        key=key,
        request=request(number),
        address=CUSTOMER.email or "",
        reply_token=f"tk{number}",
        correlation_id=str(key.event_id),
    )


SENT_STATE = record_status(DeliveryState(attempts=1), reported=DeliveryStatus.SENT, at=NOW).state


def delivery_document(number: int) -> Document:
    """Sent days ago, with the provider's message id; one in 200 queued for a retry."""
    document = planned_document(delivery(number), NOW - timedelta(minutes=number))
    if number % 200 != 3:
        wamid = f"wamid.{number}"
        document |= SENT_STATE.model_dump(mode="python") | {"provider_message_id": wamid}
        document["history"] = [entry.model_dump() for entry in SENT_STATE.history]
    return document


def reminder_document(number: int) -> Document:
    """Sent or cancelled; one in 50 waits for a day still ahead."""
    state = WAITING if number % 50 == 1 else (SENT if number % 3 else CANCELLED)
    ahead = timedelta(days=1, minutes=number) if state == WAITING else timedelta(days=-1)
    return {
        "_id": ticket_number(number),
        "state": state,
        "version": 3,
        "due_at": NOW + ahead,
        "request": request(number).model_dump(mode="json"),
        "reply_token": f"tk{number}",
        "correlation_id": "c",
    }


async def cases(database: AsyncDatabase[Document]) -> list[ScaleCase]:
    log = DeliveryLog(database["deliveries"])
    book = ReminderBook(database["pending_reminders"])
    await log.ensure_indexes()
    await book.ensure_indexes()
    passes = iter(range(10_000_000, 1_000_000_000, 1_000_000))  # numbers no seed reaches

    async def send(tag: str) -> None:
        first = next(passes)
        for number in range(first, first + DELIVERIES):
            record = delivery(number, channel=Channel.WHATSAPP)
            await log.plan([record], [], NOW)
            (queued,) = await log.queued([record.key])
            assert await log.claim(record.key, now=datetime.now(UTC), lease=LEASE)
            after = SENT_STATE.model_copy(update={"provider_message_id": f"wamid.{number}"})
            attempt = {"at": NOW, "outcome": "sent", "error_code": None, "will_retry": False}
            assert await log.save_attempt(queued, after, attempt=attempt, events=[], at=NOW)

    async def status(tag: str) -> None:
        for index in range(CALLBACKS):
            found = await log.find_by_provider_id([f"wamid.{tag}.{index}"])
            assert found is not None
            moved = record_status(found.state, reported=DeliveryStatus.DELIVERED, at=NOW)
            assert await log.save_status(found, moved.state, events=[], at=NOW)

    async def sent_for_status(tag: str) -> None:  # what `status` is told about
        first = next(passes)
        for index in range(CALLBACKS):
            after = SENT_STATE.model_copy(update={"provider_message_id": f"wamid.{tag}.{index}"})
            document = planned_document(delivery(first + index, channel=Channel.WHATSAPP), NOW)
            await log.collection.insert_one(document | after.model_dump(mode="python"))

    async def fall_due(tag: str) -> None:
        first = next(passes)
        for number in range(first, first + REMINDERS):
            due_at = NOW - timedelta(minutes=REMINDERS - number + first)
            await book.start(
                request(number), version=1, due_at=due_at, reply_token=None, correlation_id=tag
            )

    async def remind(tag: str) -> None:
        now = datetime.now(UTC)
        assert await book.earliest_due(now=now, within=timedelta(minutes=1)) is not None
        reminded = 0
        while (due := await book.claim_due(now=now, lease=LEASE)) is not None:
            reminded += await book.mark_sent(due)
        assert reminded == REMINDERS, reminded

    return [
        seeded_case(
            log.collection,
            delivery_document,
            {"notify_delivery_send": send, "notify_delivery_status": status},
            {"notify_delivery_status": sent_for_status},
        ),
        seeded_case(
            book.collection,
            reminder_document,
            {"notify_reminder_claim": remind},
            {"notify_reminder_claim": fall_due},
        ),
    ]


def run() -> dict[str, float]:
    return run_scale_benchmark(cases)


if __name__ == "__main__":
    print_figures("notify claims at scale", run())
