from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tickets.domain.conversation import add_customer_comment
from tickets.domain.errors import InvalidTransition, MergeNeedsConfirmation, MergeNotAllowed
from tickets.domain.events import TicketMerged, TicketUpdated
from tickets.domain.merge import merge_tickets
from tickets.domain.model import Actor, AuthorKind, Ticket, Visibility
from tickets.domain.opening import InboundMessage
from tickets.domain.status import TicketStatus

TicketFactory = Callable[..., Ticket]
MessageFactory = Callable[..., InboundMessage]
S = TicketStatus
AGENT = Actor(kind=AuthorKind.AGENT, id="agent-bia")
CONFIRMED = {"different_requesters_confirmed": True}


def _pair(ticket: TicketFactory, message: MessageFactory, t0: datetime) -> tuple[Ticket, Ticket]:
    target = ticket(number=100010, status=S.OPEN, requester_id="contact-ana")
    source = ticket(number=100011, status=S.NEW, requester_id="contact-bruno", created_at=t0)
    later = t0 + timedelta(hours=1)
    source = add_customer_comment(
        source, message(sender_id="contact-bruno", text="Mais um detalhe", received_at=later),
        now=later,
    ).ticket  # fmt: skip
    return source, target


def test_merge_moves_comments_and_points_the_source_to_the_target(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    source, target = _pair(ticket, message, t0)
    merged = merge_tickets(source, target, actor=AGENT, now=t0 + timedelta(hours=2), **CONFIRMED)
    assert merged.source.status is S.MERGED
    assert merged.source.merged_into == 100010
    moved = [c for c in merged.target.comments if c.merged_from == 100011]
    assert [c.body for c in moved] == [c.body for c in source.comments]
    assert len({c.id for c in merged.target.comments}) == len(merged.target.comments) == 3
    times = [c.created_at for c in merged.target.comments]
    assert times == sorted(times)


def test_merge_tells_both_requesters(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    source, target = _pair(ticket, message, t0)
    merged = merge_tickets(source, target, actor=AGENT, now=t0, **CONFIRMED)
    [announcement] = [e for e in merged.source_events if isinstance(e, TicketMerged)]
    assert (announcement.requester_id, announcement.target_requester_id) == (
        "contact-bruno",
        "contact-ana",
    )
    assert [e.name for e in merged.source_events] == ["ticket.status_changed", "ticket.merged"]
    [updated] = merged.target_events
    assert isinstance(updated, TicketUpdated)
    assert updated.changed_fields == ("comments",)


def test_retried_merge_does_not_copy_comments_twice(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    source, target = _pair(ticket, message, t0)
    first = merge_tickets(source, target, actor=AGENT, now=t0, **CONFIRMED)
    # Crash after the target was stored but before the source: the retry sees the new target.
    retry = merge_tickets(source, first.target, actor=AGENT, now=t0, **CONFIRMED)
    assert retry.target is first.target
    assert retry.target_events == ()
    assert retry.source.status is S.MERGED


def test_ticket_cannot_be_merged_into_itself(ticket: TicketFactory, t0: datetime) -> None:
    same = ticket(status=S.OPEN)
    with pytest.raises(MergeNotAllowed):
        merge_tickets(same, same, actor=AGENT, now=t0)


@pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED, S.MERGED])
def test_merge_into_a_finished_ticket_is_refused(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    with pytest.raises(MergeNotAllowed) as refused:
        merge_tickets(ticket(number=1), ticket(number=2, status=status), actor=AGENT, now=t0)
    assert "nº 2" in refused.value.reason.pt_br


@pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED, S.MERGED])
def test_finished_ticket_cannot_be_merged_away(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    with pytest.raises(InvalidTransition):
        merge_tickets(ticket(number=1, status=status), ticket(number=2), actor=AGENT, now=t0)


def test_merging_tickets_of_different_requesters_needs_a_confirmation(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    source, target = _pair(ticket, message, t0)
    with pytest.raises(MergeNeedsConfirmation) as refused:
        merge_tickets(source, target, actor=AGENT, now=t0)
    assert refused.value.http_status == 409
    assert "confirm_different_requesters" in refused.value.reason.en


def test_another_requesters_words_arrive_as_internal_notes(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    source, target = _pair(ticket, message, t0)
    merged = merge_tickets(source, target, actor=AGENT, now=t0, **CONFIRMED)
    moved = [c for c in merged.target.comments if c.merged_from == source.number]
    assert moved
    assert {c.visibility for c in moved} == {Visibility.INTERNAL}
    assert [c.body for c in merged.target.comments if c.is_public] == [
        c.body for c in target.comments if c.is_public
    ]


def test_same_requesters_tickets_merge_without_confirmation_and_stay_public(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    target = ticket(number=100020, status=S.OPEN, requester_id="contact-ana")
    source = ticket(number=100021, status=S.NEW, requester_id="contact-ana")
    merged = merge_tickets(source, target, actor=AGENT, now=t0)
    moved = [c for c in merged.target.comments if c.merged_from == source.number]
    assert moved
    assert all(c.is_public for c in moved)
