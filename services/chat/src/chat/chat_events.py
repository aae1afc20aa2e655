"""The chat.* events, built from a conversation record (they go out through its outbox)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Literal

from chat.conversation_record import AssignedAgent, ChatMessage, ConversationRecord
from chat.domain.transcript import AuthorKind
from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.common import StaffMember
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.chat import (
    ChatAgentJoined,
    ChatCustomer,
    ChatHandoffRequested,
    ChatSessionEnded,
    ChatSessionStarted,
    TranscriptLine,
)

PRODUCER = "chat"


def customer_of(record: ConversationRecord) -> ChatCustomer:
    conversation = record.conversation
    return ChatCustomer(
        name=conversation.customer_name or "",
        email=conversation.customer_email or "",
        language=conversation.language.value,
    )


def _wrap(record: ConversationRecord, payload: EventPayload) -> Envelope[Any]:
    return new_envelope(payload, producer=PRODUCER, correlation_id=f"chat-{record.id}")


def session_started(record: ConversationRecord) -> Envelope[Any]:
    payload = ChatSessionStarted(
        session_id=record.id, customer=customer_of(record), started_at=record.started_at
    )
    return _wrap(record, payload)


def handoff_requested(
    record: ConversationRecord, *, inside_hours: bool, position: int | None
) -> Envelope[Any]:
    payload = ChatHandoffRequested(
        session_id=record.id,
        customer=customer_of(record),
        group=record.group,
        inside_business_hours=inside_hours,
        queue_position=position,
    )
    return _wrap(record, payload)


def staff_member(agent: AssignedAgent) -> StaffMember:
    return StaffMember(id=agent.id, name=agent.name, email=agent.email or None)


def agent_joined(record: ConversationRecord, agent: AssignedAgent, at: datetime) -> Envelope[Any]:
    payload = ChatAgentJoined(
        session_id=record.id, customer=customer_of(record), agent=staff_member(agent), joined_at=at
    )
    return _wrap(record, payload)


def session_ended(
    record: ConversationRecord, messages: Sequence[ChatMessage], at: datetime
) -> Envelope[Any]:
    """A part of the transcript for intake (`messages`), with the ticket it belongs to if known."""
    conversation = record.conversation
    ended_by: Literal["customer", "agent", "system"] = "customer"
    if conversation.ended_by is AuthorKind.AGENT:
        ended_by = "agent"
    elif conversation.ended_by is AuthorKind.SYSTEM:
        ended_by = "system"
    number = record.ticket_number
    payload = ChatSessionEnded(
        session_id=record.id,
        customer=customer_of(record),
        started_at=record.started_at,
        ended_at=record.ended_at or at,
        ended_by=ended_by,
        rating=conversation.rating,
        transcript=tuple(_line(message) for message in messages),
        agent=staff_member(record.agent) if record.agent else None,
        ticket_number=int(number) if number and number.isdigit() else None,
    )
    return _wrap(record, payload)


def _line(message: ChatMessage) -> TranscriptLine:
    return TranscriptLine(
        seq=message.seq,
        author_kind=message.author_kind.value,
        author_name=message.author_name,
        author_id=message.author_id,
        text=message.text,
        at=message.sent_at,
        attachments=message.attachments,
    )
