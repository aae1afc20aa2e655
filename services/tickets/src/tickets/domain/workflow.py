"""Status changes: working states, resolving (by an agent or the customer), reopening, closing.

Merging is not a status change an agent picks here: it needs a target (see `merge`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from tickets.domain.audit import record_changes
from tickets.domain.errors import InvalidTransition
from tickets.domain.events import CsatRequested, Outcome, TicketEvent, TicketStatusChanged
from tickets.domain.language import Localized
from tickets.domain.model import SYSTEM, Actor, AuthorKind, Ticket
from tickets.domain.status import TicketStatus, check_transition


@dataclass(frozen=True, slots=True)
class ClosingPolicy:
    """A resolved ticket is closed (Finalizado) this long after it was resolved."""

    close_after: timedelta = timedelta(days=7)


def change_status(
    ticket: Ticket,
    *,
    to: TicketStatus,
    actor: Actor,
    now: datetime,
    untracked: Mapping[str, object] | None = None,
) -> Outcome:
    """Move the ticket to `to` (InvalidTransition with the reason when the table forbids it).
    Resolving stamps resolved_at and asks for a CSAT rating if none was given yet."""
    if to is TicketStatus.MERGED:
        raise InvalidTransition(
            Localized(
                "Para unificar chamados, use a ação de unificar informando o chamado de destino.",
                "To merge tickets, use the merge action with the target ticket.",
            )
        )
    check_transition(ticket.status, to)
    changes: dict[str, object] = {"status": to}
    if to is TicketStatus.RESOLVED:
        changes["resolved_at"] = now
    elif to is TicketStatus.CLOSED:
        changes["closed_at"] = now
    elif ticket.status is TicketStatus.RESOLVED:
        changes["resolved_at"] = None
    changed = record_changes(
        ticket, actor=actor, at=now, changes=changes, untracked=untracked, activity=True
    )
    events: list[TicketEvent] = [
        TicketStatusChanged(
            ticket_number=ticket.number,
            requester_id=ticket.requester_id,
            occurred_at=now,
            actor=actor,
            from_status=ticket.status,
            to_status=to,
        )
    ]
    if to is TicketStatus.RESOLVED and ticket.csat is None:
        events.append(
            CsatRequested(
                ticket_number=ticket.number,
                requester_id=ticket.requester_id,
                occurred_at=now,
                actor=actor,
            )
        )
    return Outcome(ticket=changed, events=tuple(events))


def resolve(ticket: Ticket, *, actor: Actor, now: datetime) -> Outcome:
    """An agent (or bot) resolves the ticket; the customer is asked for a rating."""
    return change_status(ticket, to=TicketStatus.RESOLVED, actor=actor, now=now)


def mark_resolved_by_customer(ticket: Ticket, *, requester_id: str, now: datetime) -> Outcome:
    """The customer says, in "Meus chamados", that the problem is solved."""
    actor = Actor(kind=AuthorKind.CUSTOMER, id=requester_id)
    return change_status(ticket, to=TicketStatus.RESOLVED, actor=actor, now=now)


def reopen(ticket: Ticket, *, actor: Actor, now: datetime) -> Outcome:
    """A resolved ticket goes back to open (Em andamento)."""
    return change_status(ticket, to=TicketStatus.OPEN, actor=actor, now=now)


def close(ticket: Ticket, *, actor: Actor = SYSTEM, now: datetime) -> Outcome:
    """A resolved ticket becomes closed (Finalizado): read-only from then on."""
    return change_status(ticket, to=TicketStatus.CLOSED, actor=actor, now=now)


def close_due_at(ticket: Ticket, policy: ClosingPolicy) -> datetime | None:
    """When the automatic close is due, for the app to store and index; None if not resolved."""
    if ticket.status is not TicketStatus.RESOLVED or ticket.resolved_at is None:
        return None
    return ticket.resolved_at + policy.close_after


def close_if_due(ticket: Ticket, *, policy: ClosingPolicy, now: datetime) -> Outcome:
    """Close the ticket when its automatic close is due; otherwise nothing changes."""
    due = close_due_at(ticket, policy)
    if due is None or now < due:
        return Outcome(ticket=ticket)
    return close(ticket, now=now)
