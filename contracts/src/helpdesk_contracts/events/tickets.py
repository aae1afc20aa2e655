"""Events published by tickets, the system of record."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, Field

from helpdesk_contracts.base import Contract, EventPayload
from helpdesk_contracts.common import (
    Actor,
    AttachmentRef,
    Channel,
    Priority,
    StaffMember,
    TicketSnapshot,
    TicketStatus,
)


class TicketEvent(EventPayload):
    """Every ticket.* event carries the ticket as it stands after the change."""

    ticket: TicketSnapshot
    actor: Actor = Actor(kind="system")


class TicketCreated(TicketEvent):
    event_type = "ticket.created"

    inbound_id: str | None = Field(default=None, description="The intake message that opened it")
    linked_to: int | None = Field(default=None, description="Earlier ticket this one continues")


class FieldChange(Contract):
    field: str
    old: Any = None
    new: Any = None


class TicketUpdated(TicketEvent):
    event_type = "ticket.updated"

    changes: tuple[FieldChange, ...]


class TicketStatusChanged(TicketEvent):
    event_type = "ticket.status_changed"

    from_status: TicketStatus
    to_status: TicketStatus
    reason: str | None = None
    with_reply: bool = Field(
        default=False,
        description="Moved by a public reply in the same change: the reply's notice tells the "
        "new status, so no separate status notice is sent",
    )


class Comment(Contract):
    comment_id: str
    author: Actor
    public: bool = Field(description="False for an internal note")
    text: str
    html: str | None = None
    channel: Channel | None = Field(default=None, description="None for an internal note")
    attachments: tuple[AttachmentRef, ...] = ()
    message_id: str | None = Field(default=None, description="Message-ID of the email it came from")
    created_at: AwareDatetime


class TicketCommentAdded(TicketEvent):
    event_type = "ticket.comment_added"

    comment: Comment
    first_response: bool = Field(default=False, description="The first public agent reply")


class TicketAssigned(TicketEvent):
    event_type = "ticket.assigned"

    from_assignee: StaffMember | None = None
    to_assignee: StaffMember | None = None
    group: str | None = None


class TicketPriorityChanged(TicketEvent):
    event_type = "ticket.priority_changed"

    from_priority: Priority
    to_priority: Priority


class TicketMerged(TicketEvent):
    """`ticket` is the source, now merged; `target` received its comments."""

    event_type = "ticket.merged"

    target: TicketSnapshot


class TicketCsatRequested(TicketEvent):
    event_type = "ticket.csat_requested"

    expires_at: AwareDatetime


class TicketCsatReceived(TicketEvent):
    event_type = "ticket.csat_received"

    rating: int = Field(ge=1, le=5)
    comment: str | None = None


CsatScale = Literal[1, 2, 3, 4, 5]


class TicketInboundFailed(EventPayload):
    """tickets gave up on an intake message (rejected it, or it failed every retry): no ticket
    will come of it. intake shows the failure on the submission instead of "pending" for ever."""

    event_type = "ticket.inbound_failed"

    inbound_id: str = Field(description="The intake message no ticket was made of")
    reason: str = Field(max_length=500, description="Why, for operators (not shown to customers)")
    dead_lettered: bool = Field(
        default=True, description="The message waits in tickets.dlq for an operator"
    )
