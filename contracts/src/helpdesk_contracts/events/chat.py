"""Events published by chat: conversations with the virtual assistant and agents."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, EmailStr, Field

from helpdesk_contracts.base import Contract, EventPayload
from helpdesk_contracts.common import ActorKind, AttachmentRef, Language, StaffMember


class ChatCustomer(Contract):
    name: str
    email: EmailStr
    language: Language = "pt-BR"


class ChatEvent(EventPayload):
    session_id: str
    customer: ChatCustomer


class ChatSessionStarted(ChatEvent):
    event_type = "chat.session_started"

    started_at: AwareDatetime


class ChatHandoffRequested(ChatEvent):
    event_type = "chat.handoff_requested"

    group: str | None = None
    inside_business_hours: bool
    queue_position: int | None = Field(default=None, ge=1)


class ChatAgentJoined(ChatEvent):
    event_type = "chat.agent_joined"

    agent: StaffMember
    joined_at: AwareDatetime


class TranscriptLine(Contract):
    seq: int | None = Field(
        default=None, ge=1, description="The message's place in the conversation (1, 2, 3 ...)"
    )
    author_kind: ActorKind
    author_name: str
    author_id: str | None = Field(default=None, description="The agent's id on agent lines")
    text: str
    at: AwareDatetime
    attachments: tuple[AttachmentRef, ...] = ()


class ChatSessionEnded(ChatEvent):
    """A part of a conversation's transcript for its ticket: the messages not sent before.

    The first part (the chat asked for a ticket, or it ended) starts at seq 1; later parts carry
    what was added after it and name the ticket in `ticket_number`. The last part carries the
    customer's rating. Despite the name, a part may be sent while the conversation goes on.
    """

    event_type = "chat.session_ended"

    started_at: AwareDatetime
    ended_at: AwareDatetime
    ended_by: Literal["customer", "agent", "system"]
    rating: int | None = Field(default=None, ge=1, le=5)
    transcript: tuple[TranscriptLine, ...]
    agent: StaffMember | None = None
    ticket_number: int | None = Field(
        default=None, description="Ticket the chat belongs to, if any"
    )
