"""Domain events a ticket change causes; `name` is the `ticket.*` event the outbox publishes.

They are plain dataclasses without envelope data: the application layer wraps each one in the
contract envelope (event_id, correlation/causation ids, producer) when it stores the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from tickets.domain.model import Actor, Channel, Comment, Priority, Ticket
from tickets.domain.status import TicketStatus


@dataclass(frozen=True, kw_only=True, slots=True)
class TicketEvent:
    name: ClassVar[str]
    ticket_number: int
    requester_id: str
    occurred_at: datetime
    actor: Actor


@dataclass(frozen=True, kw_only=True, slots=True)
class TicketCreated(TicketEvent):
    name: ClassVar[str] = "ticket.created"
    subject: str
    channel: Channel
    status: TicketStatus
    priority: Priority
    organization_id: str | None
    group_id: str | None
    category: str | None
    subcategory: str | None
    linked_to: int | None
    inbound_id: str | None


@dataclass(frozen=True, slots=True)
class FieldChange:
    """A changed field with its old and new value as the audit history writes them."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class TicketUpdated(TicketEvent):
    """Fields without an event of their own changed (group, tags, category, merged comments…)."""

    name: ClassVar[str] = "ticket.updated"
    changes: tuple[FieldChange, ...]

    @property
    def changed_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.changes)


@dataclass(frozen=True, kw_only=True, slots=True)
class TicketStatusChanged(TicketEvent):
    name: ClassVar[str] = "ticket.status_changed"
    from_status: TicketStatus
    to_status: TicketStatus
    with_reply: bool = False  # moved by a public reply in the same change


@dataclass(frozen=True, kw_only=True, slots=True)
class CommentAdded(TicketEvent):
    name: ClassVar[str] = "ticket.comment_added"
    comment: Comment
    first_response: bool = False


@dataclass(frozen=True, kw_only=True, slots=True)
class TicketAssigned(TicketEvent):
    name: ClassVar[str] = "ticket.assigned"
    from_assignee_id: str | None
    to_assignee_id: str | None
    group_id: str | None


@dataclass(frozen=True, kw_only=True, slots=True)
class PriorityChanged(TicketEvent):
    name: ClassVar[str] = "ticket.priority_changed"
    from_priority: Priority
    to_priority: Priority


@dataclass(frozen=True, kw_only=True, slots=True)
class TicketMerged(TicketEvent):
    """Carries both requesters so that each of them can be told."""

    name: ClassVar[str] = "ticket.merged"
    target_number: int
    target_requester_id: str


@dataclass(frozen=True, kw_only=True, slots=True)
class CsatRequested(TicketEvent):
    name: ClassVar[str] = "ticket.csat_requested"


@dataclass(frozen=True, kw_only=True, slots=True)
class CsatReceived(TicketEvent):
    name: ClassVar[str] = "ticket.csat_received"
    rating: int
    comment: str


@dataclass(frozen=True, slots=True)
class Outcome:
    """The ticket after a change and the events to store with it (empty when nothing changed)."""

    ticket: Ticket
    events: tuple[TicketEvent, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.events)
