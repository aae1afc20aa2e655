"""The state of one chat conversation with the virtual assistant."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from chat.domain.language import Language
from chat.domain.transcript import AuthorKind


class Stage(StrEnum):
    """Where the conversation stands: what the assistant is waiting for."""

    ASKING_NAME = "asking_name"
    ASKING_EMAIL = "asking_email"
    MENU = "menu"
    ASKING_QUESTION = "asking_question"
    AWAITING_FEEDBACK = "awaiting_feedback"
    OFFERING_AGENT = "offering_agent"
    ASKING_PROTOCOL = "asking_protocol"
    ASKING_CODE = "asking_code"
    LOOKING_UP_TICKET = "looking_up_ticket"
    REQUESTING_AGENT = "requesting_agent"
    QUEUED = "queued"
    WITH_AGENT = "with_agent"
    OFFERING_TICKET = "offering_ticket"
    ASKING_DESCRIPTION = "asking_description"
    OPENING_TICKET = "opening_ticket"
    ASKING_RATING = "asking_rating"
    ENDED = "ended"


IDENTIFYING = frozenset({Stage.ASKING_NAME, Stage.ASKING_EMAIL})
"""Stages before the customer is known; menu, agent and ticket options wait for them."""

WAITING_FOR_APP = frozenset({Stage.LOOKING_UP_TICKET, Stage.REQUESTING_AGENT, Stage.OPENING_TICKET})
"""Stages where an action was handed to the application layer and its result is awaited."""

FINISHED = frozenset({Stage.ASKING_RATING, Stage.ENDED})
"""Stages after either side ended the conversation."""


class ArticleFeedback(BaseModel):
    """The customer's answer to "did this help?" for one suggested article."""

    model_config = ConfigDict(frozen=True)

    question: str
    article_slug: str
    language: Language
    helpful: bool


class Conversation(BaseModel):
    """Immutable conversation state; every step returns a new one (store it as JSON)."""

    model_config = ConfigDict(frozen=True)

    stage: Stage = Stage.ASKING_NAME
    language: Language = Language.PT_BR
    customer_name: str | None = None
    customer_email: str | None = None
    last_question: str | None = None
    suggested_article: str | None = Field(default=None, description="slug awaiting feedback")
    feedback: tuple[ArticleFeedback, ...] = ()
    protocol_number: str | None = Field(default=None, description="ticket being looked up")
    queue_position: int | None = None
    agent_name: str | None = None
    opened_tickets: tuple[str, ...] = ()
    ended_by: AuthorKind | None = None
    rating: int | None = Field(default=None, ge=1, le=5)
    transcript_ticket: str | None = Field(default=None, description="ticket holding the record")
    verified_email: str | None = Field(
        default=None, description="the address a code sent to it proved (typing one proves nothing)"
    )

    @property
    def email_verified(self) -> bool:
        """Whether the customer proved they read the chat's email address."""
        email, verified = self.customer_email, self.verified_email
        return bool(email and verified and email.casefold() == verified.casefold())

    @property
    def first_name(self) -> str:
        """How the assistant addresses the customer."""
        return (self.customer_name or "").split(" ")[0]
