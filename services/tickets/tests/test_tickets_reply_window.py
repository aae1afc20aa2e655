from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tickets.domain.errors import InvalidTransition
from tickets.domain.model import Ticket
from tickets.domain.opening import InboundMessage, open_ticket
from tickets.domain.reply_policy import ReplyPolicy, ReplyRoute, reopen_with_reply, route_reply
from tickets.domain.status import TicketStatus

TicketFactory = Callable[..., Ticket]
MessageFactory = Callable[..., InboundMessage]
S = TicketStatus
POLICY = ReplyPolicy(reopen_resolved=True)  # a desk that prefers reopening


@pytest.mark.parametrize("status", [S.NEW, S.OPEN, S.PENDING, S.ON_HOLD])
def test_reply_to_ticket_in_progress_is_added_to_it(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    route = route_reply(ticket(status=status), received_at=t0, policy=POLICY)
    assert route is ReplyRoute.ADD_TO_TICKET


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        (timedelta(hours=1), ReplyRoute.REOPEN_TICKET),
        (timedelta(days=7), ReplyRoute.REOPEN_TICKET),
        (timedelta(days=7, seconds=1), ReplyRoute.OPEN_LINKED_TICKET),
        (timedelta(days=30), ReplyRoute.OPEN_LINKED_TICKET),
    ],
)
def test_reply_to_resolved_ticket_reopens_it_only_inside_the_window(
    ticket: TicketFactory, t0: datetime, after: timedelta, expected: ReplyRoute
) -> None:
    resolved = ticket(status=S.RESOLVED, resolved_at=t0)
    assert route_reply(resolved, received_at=t0 + after, policy=POLICY) is expected


def test_by_default_a_message_on_a_resolved_ticket_opens_a_linked_ticket_even_right_away(
    ticket: TicketFactory, t0: datetime
) -> None:
    resolved = ticket(status=S.RESOLVED, resolved_at=t0)
    route = route_reply(resolved, received_at=t0 + timedelta(minutes=1), policy=ReplyPolicy())
    assert route is ReplyRoute.OPEN_LINKED_TICKET


def test_reopen_window_is_configurable(ticket: TicketFactory, t0: datetime) -> None:
    resolved = ticket(status=S.RESOLVED, resolved_at=t0)
    short = ReplyPolicy(reopen_window=timedelta(days=2), reopen_resolved=True)
    assert route_reply(resolved, received_at=t0 + timedelta(days=3), policy=short) is (
        ReplyRoute.OPEN_LINKED_TICKET
    )


@pytest.mark.parametrize("status", [S.CLOSED, S.MERGED])
def test_reply_to_closed_ticket_opens_a_new_one_even_right_away(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    assert route_reply(ticket(status=status), received_at=t0, policy=POLICY) is (
        ReplyRoute.OPEN_LINKED_TICKET
    )


def test_reply_inside_the_window_reopens_the_ticket_with_the_reply(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    resolved = ticket(status=S.RESOLVED, resolved_at=t0)
    when = t0 + timedelta(days=2)
    reply = message(text="Voltou a acontecer.", received_at=when, source_event_id="evt-9")
    outcome = reopen_with_reply(resolved, reply, policy=POLICY, now=when)
    assert outcome.ticket.status is S.OPEN
    assert outcome.ticket.resolved_at is None
    assert outcome.ticket.comments[-1].body == "Voltou a acontecer."
    assert outcome.ticket.version == resolved.version + 1
    assert [e.name for e in outcome.events] == ["ticket.comment_added", "ticket.status_changed"]
    again = reopen_with_reply(outcome.ticket, reply, policy=POLICY, now=when)
    assert not again.changed


def test_late_reply_cannot_reopen_and_opens_a_linked_ticket_instead(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    resolved = ticket(status=S.RESOLVED, resolved_at=t0)
    late = message(received_at=t0 + timedelta(days=10))
    with pytest.raises(InvalidTransition):
        reopen_with_reply(resolved, late, policy=POLICY, now=late.received_at)
    linked = open_ticket(late, number=100500, now=late.received_at, linked_to=resolved.number)
    assert linked.ticket.linked_to == resolved.number
    assert linked.events[0].name == "ticket.created"
