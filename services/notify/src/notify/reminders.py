"""Pending reminders: start one when a ticket goes pending, cancel it when the customer answers
or the status moves on, and send the due ones from a background loop.

Sending goes through the ordinary delivery path with a synthetic event id derived from the
ticket and the instant it went pending: a reminder claimed twice (a crashed or slow replica
whose lease ran out) plans the same delivery keys and the delivery log sends it once.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from datetime import timedelta

import structlog

from helpdesk_calendar.calendar import BusinessCalendar
from helpdesk_calendar.service_clock import ServiceClock
from helpdesk_contracts.events import tickets
from notify.adapters.reminder_book import ReminderBook
from notify.dependencies import NotifyDependencies
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.domain.pending_reminder import reminder_due, reminder_event_id
from notify.notices import Notice, requester_contact
from notify.service import notify_about

log = structlog.get_logger(__name__)


@dataclass
class ReminderTimer:
    """Everything the reminder use cases need; ``wake`` tells the loop a reminder was added."""

    book: ReminderBook
    calendar: BusinessCalendar
    business_days: int
    clock: ServiceClock
    lease: timedelta
    poll_s: float
    wake: asyncio.Event = field(default_factory=asyncio.Event)


async def follow_ticket(
    event: tickets.TicketEvent, *, correlation_id: str, timer: ReminderTimer
) -> None:
    """Start the reminder on entering pending; cancel it on leaving it or a customer comment."""
    ticket = event.ticket
    number = str(ticket.number)
    if isinstance(event, tickets.TicketStatusChanged) and event.to_status != event.from_status:
        if event.to_status != "pending":
            if event.from_status == "pending":
                await timer.book.cancel(number, version=ticket.version)
            return
        since = ticket.updated_at
        request = NotificationRequest(
            event_id=reminder_event_id(number, since),
            kind=NotificationKind.PENDING_REMINDER,
            ticket_number=number,
            ticket_subject=ticket.subject,
            recipients=(requester_contact(ticket.requester),),
            language=ticket.requester.language,
            parameters={"business_days": timer.business_days},
        )
        due_at = reminder_due(timer.calendar, since, timer.business_days)
        if await timer.book.start(
            request,
            version=ticket.version,
            due_at=due_at,
            reply_token=ticket.reply_token,
            correlation_id=correlation_id,
        ):
            timer.wake.set()
        return
    answered = (
        isinstance(event, tickets.TicketCommentAdded) and event.comment.author.kind == "customer"
    )
    if answered or isinstance(event, tickets.TicketMerged):
        # Only a reminder already recorded: most tickets never wait for their customer.
        await timer.book.cancel(number, version=ticket.version, upsert=False)


async def send_due_reminders(timer: ReminderTimer, deps: NotifyDependencies) -> int:
    """Claim and send every reminder due now; the number sent."""
    sent = 0
    while (due := await timer.book.claim_due(now=timer.clock.now(), lease=timer.lease)) is not None:
        notice = Notice(request=due.request, reply_token=due.reply_token)
        try:
            await notify_about(
                [notice],
                event_id=due.request.event_id,
                correlation_id=due.correlation_id or str(due.request.event_id),
                deps=deps,
            )
        except Exception:  # the lease runs out and the reminder is tried again
            log.exception("reminder not sent yet", ticket=due.ticket_number)
            continue
        if await timer.book.mark_sent(due):
            sent += 1
    return sent


async def run_reminders(timer: ReminderTimer, deps: NotifyDependencies) -> None:
    """Forever: send what is due, then sleep until the earliest due one (or ``poll_s``)."""
    while True:
        timer.wake.clear()
        try:
            await send_due_reminders(timer, deps)
            within = timedelta(seconds=timer.poll_s)  # it looks again then anyway
            next_due = await timer.book.earliest_due(now=timer.clock.now(), within=within)
        except Exception:  # a database hiccup: look again after poll_s
            log.exception("reminder loop failed; retrying")
            next_due = None
        wait = timer.poll_s
        if next_due is not None:
            wait = min(wait, max(timer.clock.seconds_until(next_due), 0.05))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(timer.wake.wait(), timeout=wait)
