"""What a ticket.* event means for the ticket's SLA clock (None: nothing to apply)."""

from __future__ import annotations

from datetime import datetime

from helpdesk_contracts.events.tickets import (
    FieldChange,
    TicketCommentAdded,
    TicketEvent,
    TicketMerged,
    TicketPriorityChanged,
    TicketStatusChanged,
    TicketUpdated,
)
from sla.domain.clock_occurrences import (
    AgentReplied,
    CategoryChanged,
    CustomerReplied,
    Occurrence,
    PriorityChanged,
    StatusChanged,
)


def occurrence_of(event: TicketEvent, occurred_at: datetime) -> Occurrence | None:
    """The clock occurrence `event` reports; assignments and other field edits report none.

    A reclassification arrives as ticket.updated with a `category` change (tickets publishes no
    event of its own for it); the snapshot carries the new category.
    """
    match event:
        case TicketStatusChanged(to_status=status):
            return StatusChanged(at=occurred_at, status=status)
        case TicketMerged(ticket=ticket):
            return StatusChanged(at=occurred_at, status=ticket.status)
        case TicketPriorityChanged(to_priority=priority):
            return PriorityChanged(at=occurred_at, priority=priority)
        case TicketCommentAdded(comment=comment) if comment.author.kind == "agent":
            return AgentReplied(at=comment.created_at, public=comment.public)
        case TicketCommentAdded(comment=comment) if comment.author.kind == "customer":
            return CustomerReplied(at=comment.created_at)
        case TicketUpdated(ticket=ticket, changes=changes) if _changed(changes, "category"):
            return CategoryChanged(at=occurred_at, category=ticket.category)
        case TicketUpdated(changes=changes):
            return _replied_in_channel(changes)
    return None


def _changed(changes: tuple[FieldChange, ...], field: str) -> bool:
    return any(change.field == field for change in changes)


def _replied_in_channel(changes: tuple[FieldChange, ...]) -> AgentReplied | None:
    """An agent's reply inside a live chat reaches tickets with the transcript: no comment of
    its own, only the time it was written, as `first_response_at`."""
    for change in changes:
        if change.field == "first_response_at" and change.new:
            return AgentReplied(at=datetime.fromisoformat(str(change.new)))
    return None
