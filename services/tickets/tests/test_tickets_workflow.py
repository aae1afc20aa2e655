from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tickets.domain.errors import TicketLocked
from tickets.domain.events import FieldChange, PriorityChanged, TicketAssigned, TicketUpdated
from tickets.domain.model import Actor, AuthorKind, Priority, Ticket
from tickets.domain.status import TicketStatus
from tickets.domain.triage import assign, change_category, change_group, change_priority, set_tags
from tickets.domain.workflow import (
    ClosingPolicy,
    close_due_at,
    close_if_due,
    mark_resolved_by_customer,
    resolve,
)

TicketFactory = Callable[..., Ticket]
S = TicketStatus
AGENT = Actor(kind=AuthorKind.AGENT, id="agent-bia")


def test_resolved_ticket_is_closed_automatically_after_the_configured_days(
    ticket: TicketFactory, t0: datetime
) -> None:
    policy = ClosingPolicy(close_after=timedelta(days=3))
    resolved = resolve(ticket(status=S.OPEN), actor=AGENT, now=t0).ticket
    assert close_due_at(resolved, policy) == t0 + timedelta(days=3)
    early = close_if_due(resolved, policy=policy, now=t0 + timedelta(days=2, hours=23))
    assert early.ticket is resolved
    assert not early.changed
    due = close_if_due(resolved, policy=policy, now=t0 + timedelta(days=3))
    assert due.ticket.status is S.CLOSED
    assert due.ticket.closed_at == t0 + timedelta(days=3)
    assert due.ticket.history[-1].actor.kind is AuthorKind.SYSTEM


def test_open_ticket_is_never_closed_automatically(ticket: TicketFactory, t0: datetime) -> None:
    open_ticket = ticket(status=S.OPEN)
    assert close_due_at(open_ticket, ClosingPolicy()) is None
    assert not close_if_due(
        open_ticket, policy=ClosingPolicy(), now=t0 + timedelta(days=90)
    ).changed


def test_customer_can_mark_their_ticket_resolved(ticket: TicketFactory, t0: datetime) -> None:
    outcome = mark_resolved_by_customer(
        ticket(status=S.PENDING), requester_id="contact-ana", now=t0
    )
    assert outcome.ticket.status is S.RESOLVED
    assert [e.name for e in outcome.events] == ["ticket.status_changed", "ticket.csat_requested"]
    assert outcome.ticket.history[0].actor == Actor(kind=AuthorKind.CUSTOMER, id="contact-ana")


def test_priority_change_is_audited_and_announced(ticket: TicketFactory, t0: datetime) -> None:
    outcome = change_priority(ticket(status=S.OPEN), priority=Priority.P0, actor=AGENT, now=t0)
    assert outcome.ticket.priority is Priority.P0
    [event] = outcome.events
    assert isinstance(event, PriorityChanged)
    assert (event.from_priority, event.to_priority) == (Priority.P3, Priority.P0)
    entry = outcome.ticket.history[-1]
    assert (entry.field, entry.old, entry.new, entry.actor) == ("priority", "P3", "P0", AGENT)


def test_assignment_announces_new_and_previous_assignee(
    ticket: TicketFactory, t0: datetime
) -> None:
    first = assign(ticket(status=S.OPEN), assignee_id="agent-bia", actor=AGENT, now=t0)
    second = assign(first.ticket, assignee_id="agent-caio", actor=AGENT, now=t0)
    [event] = second.events
    assert isinstance(event, TicketAssigned)
    assert (event.from_assignee_id, event.to_assignee_id) == ("agent-bia", "agent-caio")
    assert second.ticket.version == 3


def test_moving_to_another_group_unassigns_unless_kept(ticket: TicketFactory, t0: datetime) -> None:
    assigned = ticket(status=S.OPEN, group_id="n1", assignee_id="agent-bia")
    moved = change_group(assigned, group_id="financeiro", actor=AGENT, now=t0)
    assert (moved.ticket.group_id, moved.ticket.assignee_id) == ("financeiro", None)
    assert [e.name for e in moved.events] == ["ticket.updated", "ticket.assigned"]
    kept = change_group(assigned, group_id="financeiro", actor=AGENT, now=t0, keep_assignee=True)
    assert kept.ticket.assignee_id == "agent-bia"


def test_tags_are_normalized_and_unchanged_tags_change_nothing(
    ticket: TicketFactory, t0: datetime
) -> None:
    tagged = set_tags(ticket(), tags=[" Boleto", "urgente", "boleto", ""], actor=AGENT, now=t0)
    assert tagged.ticket.tags == ("boleto", "urgente")
    [event] = tagged.events
    assert isinstance(event, TicketUpdated)
    assert event.changed_fields == ("tags",)
    again = set_tags(tagged.ticket, tags=["urgente", "boleto"], actor=AGENT, now=t0)
    assert again.ticket is tagged.ticket
    assert not again.changed


def test_recategorizing_updates_only_changed_fields(ticket: TicketFactory, t0: datetime) -> None:
    base = ticket(category="Financeiro", subcategory="Boleto")
    outcome = change_category(
        base, category="Financeiro", subcategory="Nota fiscal", actor=AGENT, now=t0
    )
    [event] = outcome.events
    assert isinstance(event, TicketUpdated)
    assert event.changes == (FieldChange("subcategory", "Boleto", "Nota fiscal"),)
    assert [h.field for h in outcome.ticket.history] == ["subcategory"]


@pytest.mark.parametrize("status", [S.CLOSED, S.MERGED])
def test_finished_tickets_cannot_be_edited(ticket: TicketFactory, t0: datetime, status: S) -> None:
    with pytest.raises(TicketLocked):
        change_priority(ticket(status=status), priority=Priority.P1, actor=AGENT, now=t0)
    with pytest.raises(TicketLocked):
        assign(ticket(status=status), assignee_id="agent-bia", actor=AGENT, now=t0)
