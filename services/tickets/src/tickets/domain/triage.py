"""Routing and classification changes: priority, group, assignee, tags, category.

A change to the value the ticket already has is a no-op (no version, no event). Closed and
merged tickets are read-only (TicketLocked)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from tickets.domain.audit import audit_text, record_changes
from tickets.domain.errors import TicketLocked
from tickets.domain.events import (
    FieldChange,
    Outcome,
    PriorityChanged,
    TicketAssigned,
    TicketUpdated,
)
from tickets.domain.language import Localized
from tickets.domain.model import Actor, Priority, Ticket
from tickets.domain.status import TicketStatus


def ensure_editable(ticket: Ticket) -> None:
    """Raise TicketLocked for a closed or merged ticket."""
    if ticket.status is TicketStatus.CLOSED:
        raise TicketLocked(
            Localized(
                f"O chamado nº {ticket.number} está finalizado e não pode ser alterado.",
                f"Ticket #{ticket.number} is closed and cannot be changed.",
            )
        )
    if ticket.status is TicketStatus.MERGED:
        raise TicketLocked(
            Localized(
                f"O chamado nº {ticket.number} foi unificado ao nº {ticket.merged_into} e não "
                "pode ser alterado.",
                f"Ticket #{ticket.number} was merged into #{ticket.merged_into} and cannot be "
                "changed.",
            )
        )


def change_priority(ticket: Ticket, *, priority: Priority, actor: Actor, now: datetime) -> Outcome:
    ensure_editable(ticket)
    if priority is ticket.priority:
        return Outcome(ticket=ticket)
    changed = record_changes(ticket, actor=actor, at=now, changes={"priority": priority})
    event = PriorityChanged(
        ticket_number=ticket.number,
        requester_id=ticket.requester_id,
        occurred_at=now,
        actor=actor,
        from_priority=ticket.priority,
        to_priority=priority,
    )
    return Outcome(ticket=changed, events=(event,))


def assign(ticket: Ticket, *, assignee_id: str | None, actor: Actor, now: datetime) -> Outcome:
    """Give the ticket to an agent (None unassigns); manual or from round-robin."""
    ensure_editable(ticket)
    if assignee_id == ticket.assignee_id:
        return Outcome(ticket=ticket)
    changed = record_changes(ticket, actor=actor, at=now, changes={"assignee_id": assignee_id})
    event = TicketAssigned(
        ticket_number=ticket.number,
        requester_id=ticket.requester_id,
        occurred_at=now,
        actor=actor,
        from_assignee_id=ticket.assignee_id,
        to_assignee_id=assignee_id,
        group_id=ticket.group_id,
    )
    return Outcome(ticket=changed, events=(event,))


def change_group(
    ticket: Ticket,
    *,
    group_id: str | None,
    actor: Actor,
    now: datetime,
    keep_assignee: bool = False,
) -> Outcome:
    """Move the ticket to another group; the assignee is cleared unless `keep_assignee` (the
    app knows whether the agent belongs to the new group)."""
    ensure_editable(ticket)
    if group_id == ticket.group_id:
        return Outcome(ticket=ticket)
    moved = updated_fields(ticket, actor=actor, now=now, changes={"group_id": group_id})
    if keep_assignee or ticket.assignee_id is None:
        return moved
    unassigned = assign(moved.ticket, assignee_id=None, actor=actor, now=now)
    return Outcome(ticket=unassigned.ticket, events=(*moved.events, *unassigned.events))


def set_tags(ticket: Ticket, *, tags: Iterable[str], actor: Actor, now: datetime) -> Outcome:
    """Replace the tags; they are stored trimmed, lower-case, unique and sorted."""
    ensure_editable(ticket)
    normalized = tuple(sorted({t.strip().lower() for t in tags if t.strip()}))
    if normalized == ticket.tags:
        return Outcome(ticket=ticket)
    return updated_fields(ticket, actor=actor, now=now, changes={"tags": normalized})


def set_related(ticket: Ticket, *, related: Iterable[int], actor: Actor, now: datetime) -> Outcome:
    """Replace the tickets an agent linked to this one (each once, sorted, never itself)."""
    ensure_editable(ticket)
    normalized = tuple(sorted(set(related) - {ticket.number}))
    if normalized == ticket.related_tickets:
        return Outcome(ticket=ticket)
    return updated_fields(ticket, actor=actor, now=now, changes={"related_tickets": normalized})


def change_category(
    ticket: Ticket,
    *,
    category: str | None,
    subcategory: str | None,
    actor: Actor,
    now: datetime,
) -> Outcome:
    """Reclassify the ticket; the app may follow with `change_priority` from the rules."""
    ensure_editable(ticket)
    changes = {"category": category, "subcategory": subcategory}
    if all(getattr(ticket, f) == v for f, v in changes.items()):
        return Outcome(ticket=ticket)
    return updated_fields(ticket, actor=actor, now=now, changes=changes)


def updated_fields(
    ticket: Ticket, *, actor: Actor, now: datetime, changes: Mapping[str, object]
) -> Outcome:
    """`changes` applied and audited, announced as one ticket.updated event."""
    changed = record_changes(ticket, actor=actor, at=now, changes=changes)
    event = TicketUpdated(
        ticket_number=ticket.number,
        requester_id=ticket.requester_id,
        occurred_at=now,
        actor=actor,
        changes=tuple(
            FieldChange(field, audit_text(getattr(ticket, field)), audit_text(new))
            for field, new in changes.items()
            if getattr(ticket, field) != new
        ),
    )
    return Outcome(ticket=changed, events=(event,))
