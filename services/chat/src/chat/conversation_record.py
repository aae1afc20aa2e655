"""What the service stores per chat session: the assistant's state plus routing and filing."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from chat.domain.bot_reply import BotReply, Choice
from chat.domain.conversation import Conversation
from chat.domain.transcript import AuthorKind
from helpdesk_contracts.common import AttachmentRef


class Routing(StrEnum):
    """Who answers the customer right now."""

    BOT = "bot"
    QUEUED = "queued"
    WITH_AGENT = "with_agent"
    ENDED = "ended"


class FilingKind(StrEnum):
    """Why a transcript went to intake: a ticket the customer asked for, or the final record."""

    OPEN_TICKET = "open_ticket"
    TRANSCRIPT = "transcript"


class AssignedAgent(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    email: str | None = None


class ClientMessageId(BaseModel):
    """A client's id for a message it sent, and the seq it got (resends are stored once)."""

    model_config = ConfigDict(frozen=True)

    id: str
    seq: int


class ChatMessage(BaseModel):
    """One line of the conversation as both sides see it; `seq` orders them (1, 2, 3 ...)."""

    model_config = ConfigDict(frozen=True)

    seq: int = Field(ge=1)
    author_kind: AuthorKind
    author_name: str = ""
    author_id: str | None = Field(default=None, description="The agent's id on agent messages")
    text: str
    sent_at: AwareDatetime
    choices: tuple[Choice, ...] = ()
    link: str | None = None
    attachments: tuple[AttachmentRef, ...] = ()
    client_message_id: str | None = None

    def frame(self) -> dict[str, Any]:
        """The message as sockets show it (staff ids stay inside the service)."""
        return self.model_dump(mode="json", exclude={"author_id"})


class EmailCode(BaseModel):
    """The one-time code last emailed to prove the chat's address (only its hash is kept)."""

    model_config = ConfigDict(frozen=True)

    code_hash: str
    email: str
    expires_at: AwareDatetime
    tries_left: int = Field(ge=0)


class ConversationRecord(BaseModel):
    """The stored session without its messages and outbox (those are appended, not rewritten)."""

    model_config = ConfigDict(frozen=True)

    id: str
    token_hash: str
    version: int = 0
    seq: int = 0
    routing: Routing = Routing.BOT
    conversation: Conversation
    customer_email: str | None = Field(default=None, description="lower case, for look-ups")
    started_at: AwareDatetime
    ended_at: AwareDatetime | None = None
    announced: bool = Field(default=False, description="chat.session_started was recorded")
    agent: AssignedAgent | None = None
    group: str | None = None
    requested_at: AwareDatetime | None = Field(default=None, description="queue order")
    transcript_due_at: AwareDatetime | None = None
    filing_kind: FilingKind | None = None
    filing_at: AwareDatetime | None = None
    ticket_number: str | None = None
    filed_seq: int = Field(default=0, description="messages up to this seq went to intake")
    email_code: EmailCode | None = None
    codes_sent: int = Field(default=0, description="email codes sent in this conversation")
    client_ids: tuple[ClientMessageId, ...] = Field(default=(), description="the last 50")

    def seq_of(self, client_message_id: str) -> int | None:
        """The seq already given to a client message id (a resend after a reconnect)."""
        return next((item.seq for item in self.client_ids if item.id == client_message_id), None)


def bot_message(seq: int, author_name: str, reply: BotReply, at: datetime) -> ChatMessage:
    """A message of the virtual assistant."""
    return ChatMessage(
        seq=seq,
        author_kind=AuthorKind.BOT,
        author_name=author_name,
        text=reply.text,
        sent_at=at,
        choices=reply.choices,
        link=reply.link,
    )
