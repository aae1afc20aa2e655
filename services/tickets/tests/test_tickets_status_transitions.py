from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tickets.domain.errors import InvalidTransition
from tickets.domain.events import CsatRequested, TicketStatusChanged
from tickets.domain.model import SYSTEM, Actor, AuthorKind, Ticket
from tickets.domain.status import (
    ALLOWED_TRANSITIONS,
    STAFF_LABELS,
    TicketStatus,
    can_transition,
    check_transition,
)
from tickets.domain.workflow import change_status

TicketFactory = Callable[..., Ticket]
S = TicketStatus
AGENT = Actor(kind=AuthorKind.AGENT, id="agent-bia")

EXPECTED_VALID = {
    (S.NEW, S.OPEN), (S.NEW, S.PENDING), (S.NEW, S.ON_HOLD), (S.NEW, S.RESOLVED),
    (S.NEW, S.MERGED),
    (S.OPEN, S.PENDING), (S.OPEN, S.ON_HOLD), (S.OPEN, S.RESOLVED), (S.OPEN, S.MERGED),
    (S.PENDING, S.OPEN), (S.PENDING, S.ON_HOLD), (S.PENDING, S.RESOLVED), (S.PENDING, S.MERGED),
    (S.ON_HOLD, S.OPEN), (S.ON_HOLD, S.PENDING), (S.ON_HOLD, S.RESOLVED), (S.ON_HOLD, S.MERGED),
    (S.RESOLVED, S.OPEN), (S.RESOLVED, S.CLOSED),
}  # fmt: skip
ALL_PAIRS = list(itertools.product(TicketStatus, repeat=2))
VALID = [p for p in ALL_PAIRS if p in EXPECTED_VALID]
INVALID = [p for p in ALL_PAIRS if p not in EXPECTED_VALID]


def test_transition_table_is_exactly_the_documented_lifecycle() -> None:
    table = {(a, b) for a, targets in ALLOWED_TRANSITIONS.items() for b in targets}
    assert table == EXPECTED_VALID


@pytest.mark.parametrize(("current", "requested"), VALID)
def test_allowed_transition_passes_the_guard(current: S, requested: S) -> None:
    assert can_transition(current, requested)
    check_transition(current, requested)


@pytest.mark.parametrize(("current", "requested"), INVALID)
def test_forbidden_transition_is_refused_with_a_reason_in_both_languages(
    current: S, requested: S
) -> None:
    with pytest.raises(InvalidTransition) as refused:
        check_transition(current, requested)
    reason = refused.value.reason
    assert reason.pt_br
    assert reason.en
    assert reason.pt_br != reason.en
    assert refused.value.http_status == 409
    assert refused.value.code == "invalid_status_transition"


@pytest.mark.parametrize(("current", "requested"), [p for p in VALID if p[1] is not S.MERGED])
def test_allowed_status_change_moves_the_ticket_and_says_so(
    ticket: TicketFactory, t0: datetime, current: S, requested: S
) -> None:
    before = ticket(status=current)
    later = t0 + timedelta(hours=1)
    outcome = change_status(before, to=requested, actor=AGENT, now=later)
    assert outcome.ticket.status is requested
    assert outcome.ticket.version == before.version + 1
    changed = outcome.events[0]
    assert isinstance(changed, TicketStatusChanged)
    assert (changed.from_status, changed.to_status) == (current, requested)
    [audited] = [h for h in outcome.ticket.history if h.field == "status"]
    assert (audited.old, audited.new) == (current.value, requested.value)
    assert audited.actor == AGENT
    assert audited.at == later


@pytest.mark.parametrize(("current", "requested"), INVALID)
def test_forbidden_status_change_leaves_the_ticket_untouched(
    ticket: TicketFactory, t0: datetime, current: S, requested: S
) -> None:
    before = ticket(status=current)
    with pytest.raises(InvalidTransition):
        change_status(before, to=requested, actor=AGENT, now=t0)


def test_merging_is_not_a_plain_status_change(ticket: TicketFactory, t0: datetime) -> None:
    with pytest.raises(InvalidTransition) as refused:
        change_status(ticket(status=S.OPEN), to=S.MERGED, actor=AGENT, now=t0)
    assert "unificar" in refused.value.reason.pt_br


def test_closed_ticket_refusal_tells_the_customer_to_open_a_new_one() -> None:
    with pytest.raises(InvalidTransition) as refused:
        check_transition(S.CLOSED, S.OPEN)
    assert "finalizado" in refused.value.reason.pt_br
    assert "open a new ticket" in refused.value.reason.en


def test_resolving_asks_for_a_rating_and_reopening_clears_resolution(
    ticket: TicketFactory, t0: datetime
) -> None:
    resolved = change_status(ticket(status=S.OPEN), to=S.RESOLVED, actor=AGENT, now=t0)
    assert resolved.ticket.resolved_at == t0
    assert any(isinstance(e, CsatRequested) for e in resolved.events)
    reopened = change_status(resolved.ticket, to=S.OPEN, actor=SYSTEM, now=t0)
    assert reopened.ticket.resolved_at is None


def test_every_status_has_staff_names_in_both_languages() -> None:
    assert set(STAFF_LABELS) == set(TicketStatus)
    assert STAFF_LABELS[S.ON_HOLD].pt_br == "Em pausa"
    assert STAFF_LABELS[S.CLOSED].pt_br == "Finalizado"
