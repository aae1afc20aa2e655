"""What a ticket.* event means for the ticket's SLA clock (None: nothing to apply)."""

from __future__ import annotations

from datetime import datetime

from helpdesk_contracts.events.tickets import (
    TicketCommentAdded,
    TicketEvent,
    TicketMerged,
    TicketPriorityChanged,
    TicketStatusChanged,
)
from sla.domain.clock_occurrences import (
    AgentReplied,
    CustomerReplied,
    Occurrence,
    PriorityChanged,
    StatusChanged,
)


def occurrence_of(event: TicketEvent, occurred_at: datetime) -> Occurrence | None:
    """The clock occurrence `event` reports; assignments and field edits report none."""
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
    return None
