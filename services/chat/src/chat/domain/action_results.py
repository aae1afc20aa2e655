"""What the application layer reports back to the assistant (or tells it on its own)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

_FROZEN = ConfigDict(frozen=True)


class TicketStatus(StrEnum):
    """A ticket's state as customers see it; the values are the tickets service's customer
    status codes (on hold shows as in progress, closed as resolved)."""

    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    AWAITING_YOUR_REPLY = "awaiting_your_reply"
    RESOLVED = "resolved"


class TicketFound(BaseModel):
    """The ticket exists; the assistant shows it only to its requester."""

    model_config = _FROZEN
    number: str
    status: TicketStatus
    requester_email: str


class TicketNotFound(BaseModel):
    """No ticket has that number."""

    model_config = _FROZEN
    number: str


class HandoffQueued(BaseModel):
    """The customer joined the agents' queue at this position (1 = next)."""

    model_config = _FROZEN
    position: int = Field(ge=1)


class QueuePositionChanged(BaseModel):
    """The customer moved in the queue."""

    model_config = _FROZEN
    position: int = Field(ge=1)


class AgentJoined(BaseModel):
    """An agent accepted the conversation."""

    model_config = _FROZEN
    agent_name: str


class SupportClosed(BaseModel):
    """Outside business hours (from the sla calendar): when support opens next."""

    model_config = _FROZEN
    next_opening: AwareDatetime
    checked_at: datetime | None = Field(default=None, description="lets it say today/tomorrow")


class NoAgentOnline(BaseModel):
    """Inside business hours, but no agent is online."""

    model_config = _FROZEN


class TicketOpened(BaseModel):
    """The ticket asked for with OpenTicket exists now."""

    model_config = _FROZEN
    number: str


class AgentEnded(BaseModel):
    """The agent ended the conversation."""

    model_config = _FROZEN


class TranscriptFiled(BaseModel):
    """The conversation's transcript was recorded on this ticket."""

    model_config = _FROZEN
    number: str


class CodeSent(BaseModel):
    """A one-time code is on its way to the chat's email address."""

    model_config = _FROZEN
    email: str


class CodeAccepted(BaseModel):
    """The code typed is the one emailed to this address: the customer reads that mailbox."""

    model_config = _FROZEN
    email: str


class CodeRefusal(StrEnum):
    WRONG = "wrong"
    EXPIRED = "expired"
    """Expired, used up (too many wrong tries) or never sent."""
    TOO_MANY_CODES = "too_many_codes"


class CodeRefused(BaseModel):
    """No proof: a wrong code (the customer may try again) or none usable any more."""

    model_config = _FROZEN
    reason: CodeRefusal


class ActionFailed(BaseModel):
    """The pending action could not be done now (temporary error); the customer may retry."""

    model_config = _FROZEN


ActionResult = (
    TicketFound
    | TicketNotFound
    | HandoffQueued
    | QueuePositionChanged
    | AgentJoined
    | SupportClosed
    | NoAgentOnline
    | TicketOpened
    | AgentEnded
    | TranscriptFiled
    | CodeSent
    | CodeAccepted
    | CodeRefused
    | ActionFailed
)
