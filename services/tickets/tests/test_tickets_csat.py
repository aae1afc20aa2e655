from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from tickets.domain.csat import rate_service
from tickets.domain.errors import CsatNotAccepted, InvalidRating
from tickets.domain.events import CsatReceived
from tickets.domain.model import Actor, AuthorKind, Ticket
from tickets.domain.status import TicketStatus
from tickets.domain.workflow import reopen, resolve

TicketFactory = Callable[..., Ticket]
S = TicketStatus


@pytest.mark.parametrize("status", [S.RESOLVED, S.CLOSED])
def test_requester_rates_the_service_once_after_resolution(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    rated = rate_service(
        ticket(status=status), requester_id="contact-ana", score=5, comment=" Ótimo! ", now=t0
    )
    assert rated.ticket.csat is not None
    assert rated.ticket.csat.score == 5
    [event] = rated.events
    assert isinstance(event, CsatReceived)
    assert (event.rating, event.comment) == (5, "Ótimo!")
    with pytest.raises(CsatNotAccepted) as again:
        rate_service(rated.ticket, requester_id="contact-ana", score=1, now=t0)
    assert "já foi avaliado" in again.value.reason.pt_br


@pytest.mark.parametrize("status", [S.NEW, S.OPEN, S.PENDING, S.ON_HOLD, S.MERGED])
def test_rating_before_resolution_is_refused(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    with pytest.raises(CsatNotAccepted) as refused:
        rate_service(ticket(status=status), requester_id="contact-ana", score=4, now=t0)
    assert "not resolved yet" in refused.value.reason.en


@pytest.mark.parametrize("score", [0, 6, -1])
def test_rating_outside_one_to_five_is_invalid(
    ticket: TicketFactory, t0: datetime, score: int
) -> None:
    with pytest.raises(InvalidRating) as refused:
        rate_service(ticket(status=S.RESOLVED), requester_id="contact-ana", score=score, now=t0)
    assert refused.value.http_status == 422


def test_only_the_requester_can_rate(ticket: TicketFactory, t0: datetime) -> None:
    with pytest.raises(CsatNotAccepted):
        rate_service(ticket(status=S.RESOLVED), requester_id="contact-bruno", score=5, now=t0)


def test_rated_ticket_is_not_asked_for_a_rating_again_when_resolved_again(
    ticket: TicketFactory, t0: datetime
) -> None:
    agent = Actor(kind=AuthorKind.AGENT, id="agent-bia")
    rated = rate_service(ticket(status=S.RESOLVED), requester_id="contact-ana", score=3, now=t0)
    reopened = reopen(rated.ticket, actor=agent, now=t0).ticket
    resolved_again = resolve(reopened, actor=agent, now=t0)
    assert [e.name for e in resolved_again.events] == ["ticket.status_changed"]
