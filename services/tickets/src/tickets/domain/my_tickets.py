"""The customer's view of their tickets ("Meus chamados"): only their own, only public comments."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tickets.domain.language import Localized
from tickets.domain.model import Comment, Ticket
from tickets.domain.status import TicketStatus
from tickets.domain.status_display import CUSTOMER_LABELS, CustomerStatus, customer_status


def visible_to_requester(ticket: Ticket, requester_id: str) -> bool:
    """Whether this customer may see the ticket; when not, the API answers 404 (not 403) so
    that nobody learns which protocol numbers exist."""
    return ticket.requester_id == requester_id


@dataclass(frozen=True, slots=True)
class MyTicketSummary:
    """One row of "Meus chamados"."""

    number: int
    subject: str
    requester_id: str
    created_at: datetime
    last_activity_at: datetime
    status: CustomerStatus
    status_label: Localized
    merged_into: int | None
    can_comment: bool
    can_rate: bool


def summarize_for_requester(
    ticket: Ticket, *, merged_target_status: TicketStatus | None = None
) -> MyTicketSummary:
    shown = customer_status(ticket.status, merged_target_status=merged_target_status)
    return MyTicketSummary(
        number=ticket.number,
        subject=ticket.subject,
        requester_id=ticket.requester_id,
        created_at=ticket.created_at,
        last_activity_at=ticket.last_activity_at,
        status=shown,
        status_label=CUSTOMER_LABELS[shown],
        merged_into=ticket.merged_into,
        can_comment=ticket.is_active,
        can_rate=ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED)
        and ticket.csat is None,
    )


def comments_for_requester(ticket: Ticket) -> tuple[Comment, ...]:
    """The conversation as the customer sees it: internal notes are never shown."""
    return tuple(c for c in ticket.comments if c.is_public)
