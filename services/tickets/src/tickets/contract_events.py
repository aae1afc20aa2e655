"""Domain events → `ticket.*` contract envelopes, with the ticket snapshot they carry."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from helpdesk_contracts import common
from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events import tickets as contract
from tickets.adapters.records import TicketRecord
from tickets.domain import events as domain
from tickets.domain.model import Actor, Comment

PRODUCER = "tickets"


@dataclass(frozen=True)
class Cause:
    """Why the change happened: the flow it belongs to and the event (if any) behind it."""

    correlation_id: str | None = None
    causation_id: str | None = None


def snapshot(
    record: TicketRecord, staff: Mapping[str, common.StaffMember]
) -> common.TicketSnapshot:
    ticket = record.ticket
    return common.TicketSnapshot(
        number=ticket.number,
        subject=ticket.subject,
        status=ticket.status.value,
        priority=ticket.priority.value,
        channel=ticket.channel.value,
        requester=record.requester,
        organization_id=ticket.organization_id,
        category=ticket.category,
        subcategory=ticket.subcategory,
        group=ticket.group_id,
        assignee=staff.get(ticket.assignee_id) if ticket.assignee_id else None,
        tags=ticket.tags,
        reply_token=record.reply_token,
        message_ids=tuple(f"<{m}>" for m in record.message_ids),
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        version=ticket.version,
    )


def staff_ids(record: TicketRecord, events: Sequence[domain.TicketEvent]) -> set[str | None]:
    """Agents whose details the envelopes of `events` need."""
    ids: set[str | None] = {record.ticket.assignee_id}
    for event in events:
        if isinstance(event, domain.TicketAssigned):
            ids |= {event.from_assignee_id, event.to_assignee_id}
    return ids


def envelopes(
    events: Sequence[domain.TicketEvent],
    *,
    record: TicketRecord,
    staff: Mapping[str, common.StaffMember],
    cause: Cause,
    csat_window: timedelta,
    target: TicketRecord | None = None,
) -> list[Envelope[Any]]:
    """One envelope per event; all carry the ticket as it stands after the whole change."""
    shot = snapshot(record, staff)
    target_shot = snapshot(target, staff) if target is not None else None
    wrapped: list[Envelope[Any]] = []
    for event in events:
        payload = _payload(event, shot, staff, csat_window, target_shot)
        wrapped.append(
            new_envelope(
                payload,
                producer=PRODUCER,
                correlation_id=cause.correlation_id,
                causation_id=cause.causation_id,
                occurred_at=event.occurred_at,
            )
        )
    return wrapped


def _actor(actor: Actor) -> common.Actor:
    return common.Actor(kind=actor.kind.value, id=actor.id)


def contract_comment(comment: Comment) -> contract.Comment:
    return contract.Comment(
        comment_id=comment.id,
        author=_actor(comment.author),
        public=comment.is_public,
        text=comment.body,
        channel=comment.channel.value if comment.channel else None,
        attachments=tuple(
            common.AttachmentRef(**a.model_dump(exclude={"holder"})) for a in comment.attachments
        ),
        message_id=f"<{comment.message_id.strip('<>')}>" if comment.message_id else None,
        created_at=comment.created_at,
    )


def _payload(
    event: domain.TicketEvent,
    shot: common.TicketSnapshot,
    staff: Mapping[str, common.StaffMember],
    csat_window: timedelta,
    target: common.TicketSnapshot | None,
) -> EventPayload:
    base: dict[str, Any] = {"ticket": shot, "actor": _actor(event.actor)}
    match event:
        case domain.TicketCreated():
            return contract.TicketCreated(
                **base, inbound_id=event.inbound_id, linked_to=event.linked_to
            )
        case domain.TicketUpdated():
            changes = tuple(
                contract.FieldChange(field=c.field, old=c.old, new=c.new) for c in event.changes
            )
            return contract.TicketUpdated(**base, changes=changes)
        case domain.TicketStatusChanged():
            return contract.TicketStatusChanged(
                **base,
                from_status=event.from_status.value,
                to_status=event.to_status.value,
                with_reply=event.with_reply,
            )
        case domain.CommentAdded():
            return contract.TicketCommentAdded(
                **base, comment=contract_comment(event.comment), first_response=event.first_response
            )
        case domain.TicketAssigned():
            return contract.TicketAssigned(
                **base,
                from_assignee=staff.get(event.from_assignee_id or ""),
                to_assignee=staff.get(event.to_assignee_id or ""),
                group=event.group_id,
            )
        case domain.PriorityChanged():
            return contract.TicketPriorityChanged(
                **base, from_priority=event.from_priority.value, to_priority=event.to_priority.value
            )
        case domain.TicketMerged():
            if target is None:
                raise ValueError("a merge event needs the target ticket")
            return contract.TicketMerged(**base, target=target)
        case domain.CsatRequested():
            return contract.TicketCsatRequested(**base, expires_at=event.occurred_at + csat_window)
        case domain.CsatReceived():
            return contract.TicketCsatReceived(
                **base, rating=event.rating, comment=event.comment or None
            )
    raise TypeError(f"no contract for {type(event).__name__}")
