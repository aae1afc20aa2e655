"""Comments: customer comments, public replies by staff (agent, bot, system), internal notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from tickets.domain.audit import record_changes
from tickets.domain.comment_rules import customer_comment_refusal, staff_reply_refusal
from tickets.domain.errors import CommentNotAccepted
from tickets.domain.events import Outcome, TicketStatusChanged
from tickets.domain.first_response import answered_in_channel
from tickets.domain.model import (
    Actor,
    AttachmentRef,
    AuthorKind,
    Channel,
    Comment,
    Ticket,
    Visibility,
)
from tickets.domain.opening import InboundMessage, comment_added, customer_comment_from
from tickets.domain.status import TicketStatus
from tickets.domain.workflow import change_status


def add_customer_comment(
    ticket: Ticket, message: InboundMessage, *, now: datetime, is_duplicate: bool = False
) -> Outcome:
    """The customer's message joins the ticket; an answer to a pending ticket reopens it
    (→ open). Refused with CommentNotAccepted on resolved, closed and merged tickets.
    A message whose source event was already applied changes nothing."""
    if message.source_event_id and ticket.has_applied(message.source_event_id):
        return Outcome(ticket=ticket)
    refusal = customer_comment_refusal(ticket)
    if refusal is not None:
        raise CommentNotAccepted(refusal)
    comment = customer_comment_from(ticket, message, is_duplicate=is_duplicate)
    appended = {"comments": (*ticket.comments, comment)}
    added = comment_added(ticket, comment, now)
    if ticket.status is TicketStatus.PENDING:
        moved = change_status(
            ticket, to=TicketStatus.OPEN, actor=comment.author, now=now, untracked=appended
        )
        joined = Outcome(ticket=moved.ticket, events=(added, *moved.events))
    else:
        changed = record_changes(
            ticket, actor=comment.author, at=now, changes={}, untracked=appended, activity=True
        )
        joined = Outcome(ticket=changed, events=(added,))
    return answered_in_channel(joined, message.agent_reply, now=now)


def add_public_reply(
    ticket: Ticket,
    *,
    author: Actor,
    body: str,
    channel: Channel,
    now: datetime,
    attachments: tuple[AttachmentRef, ...] = (),
    message_id: str | None = None,
    set_status: TicketStatus | None = None,
) -> Outcome:
    """A reply the customer sees, by an agent, bot or the system. The first agent reply sets
    first_response_at; an agent replying to a new ticket opens it; `set_status` moves the ticket
    in the same change (e.g. pending: «Aguardando sua resposta»). A reply on a resolved ticket
    leaves it resolved unless `set_status` reopens it; closed and merged tickets refuse it."""
    if author.kind is AuthorKind.CUSTOMER:
        raise ValueError("customer messages go through add_customer_comment")
    if ticket.status in (TicketStatus.CLOSED, TicketStatus.MERGED):
        raise CommentNotAccepted(staff_reply_refusal(ticket))
    comment = Comment(
        id=ticket.next_comment_id(),
        visibility=Visibility.PUBLIC,
        author=author,
        body=body,
        channel=channel,
        attachments=attachments,
        created_at=now,
        message_id=message_id,
    )
    untracked: dict[str, object] = {"comments": (*ticket.comments, comment)}
    first_response = author.kind is AuthorKind.AGENT and ticket.first_response_at is None
    if first_response:
        untracked["first_response_at"] = now
    target = set_status
    if target is None and ticket.status is TicketStatus.NEW and author.kind is AuthorKind.AGENT:
        target = TicketStatus.OPEN
    added = comment_added(ticket, comment, now, first_response=first_response)
    if target is not None and target is not ticket.status:
        moved = change_status(ticket, to=target, actor=author, now=now, untracked=untracked)
        told_in_reply = tuple(
            replace(event, with_reply=True) if isinstance(event, TicketStatusChanged) else event
            for event in moved.events
        )
        return Outcome(ticket=moved.ticket, events=(added, *told_in_reply))
    changed = record_changes(
        ticket, actor=author, at=now, changes={}, untracked=untracked, activity=True
    )
    return Outcome(ticket=changed, events=(added,))


def add_internal_note(
    ticket: Ticket,
    *,
    author: Actor,
    body: str,
    now: datetime,
    attachments: tuple[AttachmentRef, ...] = (),
) -> Outcome:
    """A note only staff see; allowed in every status and not customer-visible activity."""
    if author.kind is AuthorKind.CUSTOMER:
        raise ValueError("customers cannot write internal notes")
    note = Comment(
        id=ticket.next_comment_id(),
        visibility=Visibility.INTERNAL,
        author=author,
        body=body,
        attachments=attachments,
        created_at=now,
    )
    changed = record_changes(
        ticket, actor=author, at=now, changes={}, untracked={"comments": (*ticket.comments, note)}
    )
    return Outcome(ticket=changed, events=(comment_added(ticket, note, now),))
