"""What the assistant asks the application layer to do with the outside world."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chat.domain.language import Language
from chat.domain.transcript import AuthorKind

_FROZEN = ConfigDict(frozen=True)


class LookUpTicket(BaseModel):
    """Fetch a ticket by protocol number; answer with TicketFound or TicketNotFound."""

    model_config = _FROZEN
    kind: Literal["look_up_ticket"] = "look_up_ticket"
    number: str
    requester_email: str


class RequestHandoff(BaseModel):
    """Put the customer in the agents' queue, or answer SupportClosed / NoAgentOnline."""

    model_config = _FROZEN
    kind: Literal["request_handoff"] = "request_handoff"
    customer_name: str
    customer_email: str
    language: Language


class LeaveQueue(BaseModel):
    """The customer went back to the menu: take them out of the agents' queue."""

    model_config = _FROZEN
    kind: Literal["leave_queue"] = "leave_queue"


class OpenTicket(BaseModel):
    """Open a ticket for the customer with this description and the conversation's transcript."""

    model_config = _FROZEN
    kind: Literal["open_ticket"] = "open_ticket"
    description: str
    requester_name: str
    requester_email: str
    language: Language


class EndChat(BaseModel):
    """The conversation ended: release the agent or queue place, stop relaying messages."""

    model_config = _FROZEN
    kind: Literal["end_chat"] = "end_chat"
    ended_by: AuthorKind


class RecordRating(BaseModel):
    """The customer rated the conversation (CSAT, 1-5)."""

    model_config = _FROZEN
    kind: Literal["record_rating"] = "record_rating"
    score: int = Field(ge=1, le=5)


class SendEmailCode(BaseModel):
    """Email a one-time code to the chat's address; answer CodeRefused if none may be sent."""

    model_config = _FROZEN
    kind: Literal["send_email_code"] = "send_email_code"
    email: str


class CheckEmailCode(BaseModel):
    """Compare what the customer typed with the code sent; answer CodeAccepted or CodeRefused."""

    model_config = _FROZEN
    kind: Literal["check_email_code"] = "check_email_code"
    code: str


AssistantAction = (
    LookUpTicket
    | RequestHandoff
    | LeaveQueue
    | OpenTicket
    | EndChat
    | RecordRating
    | SendEmailCode
    | CheckEmailCode
)
