from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tickets.domain.conversation import add_internal_note
from tickets.domain.model import Actor, AuthorKind, Ticket
from tickets.domain.my_tickets import (
    comments_for_requester,
    summarize_for_requester,
    visible_to_requester,
)
from tickets.domain.status import TicketStatus
from tickets.domain.status_display import CustomerStatus, status_display

TicketFactory = Callable[..., Ticket]
S = TicketStatus


@pytest.mark.parametrize(
    ("status", "pt_br", "en"),
    [
        (S.NEW, "Em espera", "Waiting"),
        (S.OPEN, "Em andamento", "In progress"),
        (S.ON_HOLD, "Em andamento", "In progress"),
        (S.PENDING, "Aguardando sua resposta", "Awaiting your reply"),
        (S.RESOLVED, "Resolvido", "Resolved"),
        (S.CLOSED, "Resolvido", "Resolved"),
        (S.MERGED, "Em andamento", "In progress"),
    ],
)
def test_customer_sees_one_of_four_states_in_their_language(status: S, pt_br: str, en: str) -> None:
    display = status_display(status)
    assert (display.customer.pt_br, display.customer.en) == (pt_br, en)


def test_staff_see_on_hold_and_closed_by_their_internal_names() -> None:
    assert status_display(S.ON_HOLD).staff.pt_br == "Em pausa"
    assert status_display(S.CLOSED).staff.in_language("pt-BR") == "Finalizado"


def test_merged_ticket_shows_the_status_of_its_target(ticket: TicketFactory) -> None:
    merged = ticket(status=S.MERGED, merged_into=100001)
    row = summarize_for_requester(merged, merged_target_status=S.RESOLVED)
    assert row.status is CustomerStatus.RESOLVED
    assert row.merged_into == 100001
    assert not row.can_comment


def test_my_tickets_row_has_protocol_dates_and_what_the_customer_can_do(
    ticket: TicketFactory, t0: datetime
) -> None:
    row = summarize_for_requester(ticket(status=S.RESOLVED))
    assert (row.number, row.requester_id, row.created_at) == (100000, "contact-ana", t0)
    assert row.last_activity_at == t0
    assert row.status_label.pt_br == "Resolvido"
    assert (row.can_comment, row.can_rate) == (False, True)


def test_customer_never_sees_internal_notes(ticket: TicketFactory, t0: datetime) -> None:
    agent = Actor(kind=AuthorKind.AGENT, id="agent-bia")
    noted = add_internal_note(ticket(), author=agent, body="cliente VIP", now=t0).ticket
    assert [c.body for c in comments_for_requester(noted)] == [noted.comments[0].body]


def test_requester_cannot_see_another_requesters_ticket(ticket: TicketFactory) -> None:
    someone_elses = ticket(requester_id="contact-bruno")
    assert not visible_to_requester(someone_elses, "contact-ana")
    assert visible_to_requester(someone_elses, "contact-bruno")
