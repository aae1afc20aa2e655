"""Opening a ticket from an inbound message (email, web form, WhatsApp, chat hand-over, phone)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime

from helpdesk_runtime.subject_line import subject_from_message
from tickets.domain.duplicates import content_fingerprint
from tickets.domain.events import CommentAdded, Outcome, TicketCreated
from tickets.domain.first_response import ChannelReply, answered_in_channel
from tickets.domain.model import (
    SYSTEM,
    Actor,
    AttachmentRef,
    AuditEntry,
    AuthorKind,
    Channel,
    Comment,
    DomainModel,
    Priority,
    Ticket,
    Visibility,
)

NO_SUBJECT = "(sem assunto)"


class InboundMessage(DomainModel):
    """What the tickets domain needs of an `intake.message.received` event (or a customer
    comment made through the API). `sender_id` is the contact the app resolved the sender to."""

    sender_id: str
    channel: Channel
    subject: str = ""
    text: str
    received_at: AwareDatetime
    attachments: tuple[AttachmentRef, ...] = ()
    source_event_id: str | None = None
    message_id: str | None = None
    whatsapp_conversation_id: str | None = None
    agent_reply: ChannelReply | None = None


def customer_comment_from(
    ticket: Ticket, message: InboundMessage, *, is_duplicate: bool = False
) -> Comment:
    """The public customer comment an inbound message becomes on `ticket`."""
    return Comment(
        id=ticket.next_comment_id(),
        visibility=Visibility.PUBLIC,
        author=Actor(kind=AuthorKind.CUSTOMER, id=message.sender_id),
        body=message.text,
        channel=message.channel,
        attachments=message.attachments,
        created_at=message.received_at,
        source_event_id=message.source_event_id,
        message_id=message.message_id,
        is_duplicate=is_duplicate,
    )


def open_ticket(
    message: InboundMessage,
    *,
    number: int,
    now: datetime,
    priority: Priority = Priority.P3,
    priority_rule: str | None = None,
    organization_id: str | None = None,
    contract_level: str | None = None,
    category: str | None = None,
    subcategory: str | None = None,
    group_id: str | None = None,
    linked_to: int | None = None,
    opened_by: Actor | None = None,
) -> Outcome:
    """A new ticket (status new) whose first comment is the message; `number` comes from the
    app's atomic protocol counter, `priority` from `PriorityRules.decide` (`priority_rule`, the
    rule that chose it, goes on the history). `opened_by` is
    the agent who registers a phone call (the first comment is then theirs); default: the
    requester. A message without a subject (WhatsApp) is titled by its first line."""
    subject = message.subject.strip() or subject_from_message(message.text) or NO_SUBJECT
    ticket = Ticket(
        number=number,
        subject=subject,
        requester_id=message.sender_id,
        organization_id=organization_id,
        contract_level=contract_level,
        channel=message.channel,
        category=category,
        subcategory=subcategory,
        priority=priority,
        group_id=group_id,
        created_at=now,
        updated_at=now,
        last_activity_at=now,
        linked_to=linked_to,
        whatsapp_conversation_id=message.whatsapp_conversation_id,
        content_fingerprint=content_fingerprint(message.subject, message.text),
    )
    comment = customer_comment_from(ticket, message)
    if opened_by is not None:
        comment = comment.model_copy(update={"author": opened_by})
    history = (
        (
            AuditEntry(
                at=now,
                actor=SYSTEM,
                field="priority",
                old=None,
                new=priority.value,
                reason=priority_rule,
            ),
        )
        if priority_rule
        else ()
    )
    ticket = ticket.model_copy(update={"comments": (comment,), "history": history})
    created = TicketCreated(
        ticket_number=number,
        requester_id=ticket.requester_id,
        occurred_at=now,
        actor=comment.author,
        subject=subject,
        channel=ticket.channel,
        status=ticket.status,
        priority=priority,
        organization_id=organization_id,
        group_id=group_id,
        category=category,
        subcategory=subcategory,
        linked_to=linked_to,
        inbound_id=message.source_event_id,
    )
    opened = Outcome(ticket=ticket, events=(created, comment_added(ticket, comment, now)))
    return answered_in_channel(opened, message.agent_reply, now=now)


def comment_added(
    ticket: Ticket, comment: Comment, at: datetime, *, first_response: bool = False
) -> CommentAdded:
    return CommentAdded(
        ticket_number=ticket.number,
        requester_id=ticket.requester_id,
        occurred_at=at,
        actor=comment.author,
        comment=comment,
        first_response=first_response,
    )
