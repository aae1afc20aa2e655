"""Magic-link rules, and a ticket changing hands when its requester is merged into another."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tickets.domain.events import TicketUpdated
from tickets.domain.model import Actor, AuthorKind, Ticket
from tickets.domain.requester_change import move_to_requester
from tickets.domain.sign_in import MagicLinkPolicy, email_language
from tickets.domain.status import TicketStatus

TicketFactory = Callable[..., Ticket]
LEADER = Actor(kind=AuthorKind.AGENT, id="agent-lia")


def test_a_link_lives_fifteen_minutes_and_three_are_sent_per_hour(t0: datetime) -> None:
    policy = MagicLinkPolicy()
    assert policy.expires_at(t0) == t0 + timedelta(minutes=15)
    assert policy.window_start(t0) == t0 - timedelta(hours=1)
    assert [policy.allows_another(sent) for sent in range(4)] == [True, True, True, False]


@pytest.mark.parametrize(
    ("chosen", "page", "language"),
    [
        (None, None, "pt-BR"),
        (None, "en-US,en;q=0.8", "en"),
        (None, "de-DE", "pt-BR"),
        ("en", "pt-BR", "en"),
        ("pt-BR", "en", "pt-BR"),
    ],
)
def test_link_email_language_is_the_contacts_choice_else_the_asking_pages(
    chosen: str | None, page: str | None, language: str
) -> None:
    assert email_language(chosen, page) == language  # type: ignore[arg-type]


def test_closed_ticket_moves_to_the_survivor_with_an_audit_line(
    ticket: TicketFactory, t0: datetime
) -> None:
    closed = ticket(status=TicketStatus.CLOSED, requester_id="c-b")

    moved = move_to_requester(
        closed, requester_id="c-a", organization_id="o-1", actor=LEADER, now=t0
    )

    assert moved.ticket.requester_id == "c-a"
    assert moved.ticket.organization_id == "o-1"
    assert {e.field for e in moved.ticket.history} >= {"requester_id", "organization_id"}
    [event] = moved.events
    assert isinstance(event, TicketUpdated)
    assert set(event.changed_fields) == {"requester_id", "organization_id"}


def test_a_moved_ticket_keeps_the_organization_it_was_opened_for(
    ticket: TicketFactory, t0: datetime
) -> None:
    opened = ticket(requester_id="c-b", organization_id="o-old")

    moved = move_to_requester(
        opened, requester_id="c-a", organization_id="o-1", actor=LEADER, now=t0
    )
    again = move_to_requester(
        moved.ticket, requester_id="c-a", organization_id="o-1", actor=LEADER, now=t0
    )

    assert moved.ticket.organization_id == "o-old"
    assert again.events == ()
