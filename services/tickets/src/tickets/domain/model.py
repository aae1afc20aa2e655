"""The Ticket aggregate and the values it holds (comments, audit entries, the CSAT rating).

Every model is frozen: a change is a new `Ticket` made by the functions in `conversation`,
`workflow`, `triage`, `merge` and `csat`, which also return the events the change causes.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from tickets.domain.status import ACTIVE_STATUSES, TicketStatus


class Priority(StrEnum):
    P0 = "P0"
    P1 = "P1"
    P2 = "P2"
    P3 = "P3"


class Channel(StrEnum):
    EMAIL = "email"
    WEBFORM = "webform"
    WHATSAPP = "whatsapp"
    CHAT = "chat"
    PHONE = "phone"


class AuthorKind(StrEnum):
    CUSTOMER = "customer"
    AGENT = "agent"
    BOT = "bot"
    SYSTEM = "system"


class Visibility(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"


class DomainModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Actor(DomainModel):
    """Who did something: a customer (contact id), an agent (agent id), a bot or the system."""

    kind: AuthorKind
    id: str | None = None


SYSTEM = Actor(kind=AuthorKind.SYSTEM)


FileHolder = Literal["intake", "chat", "tickets"]


class AttachmentRef(DomainModel):
    """A stored file the comment points to (the bytes stay with the service that received
    them); the contracts' AttachmentRef fields, plus which service holds the bytes."""

    attachment_id: str
    filename: str
    content_type: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    inline: bool = False
    dangerous: bool = False
    holder: FileHolder | None = Field(
        default=None, description="None: what arrived by intake (chat's files for the chat channel)"
    )


class Comment(DomainModel):
    id: str
    visibility: Visibility
    author: Actor
    body: str
    channel: Channel | None = None
    attachments: tuple[AttachmentRef, ...] = ()
    created_at: AwareDatetime
    source_event_id: str | None = None
    message_id: str | None = None
    is_duplicate: bool = False
    merged_from: int | None = None

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC


class AuditEntry(DomainModel):
    """One field change: who, when, from what to what (values as text, None when empty)."""

    at: AwareDatetime
    actor: Actor
    field: str
    old: str | None
    new: str | None
    reason: str | None = None  # e.g. the priority rule that chose the value


class CsatRating(DomainModel):
    score: int = Field(ge=1, le=5)
    comment: str = ""
    rated_at: AwareDatetime


class Ticket(DomainModel):
    number: int
    subject: str
    requester_id: str
    organization_id: str | None = None
    contract_level: str | None = None  # the organization's when the ticket opened (rules read it)
    channel: Channel
    category: str | None = None
    subcategory: str | None = None
    priority: Priority = Priority.P3
    status: TicketStatus = TicketStatus.NEW
    group_id: str | None = None
    assignee_id: str | None = None
    tags: tuple[str, ...] = ()
    created_at: AwareDatetime
    updated_at: AwareDatetime
    last_activity_at: AwareDatetime
    first_response_at: AwareDatetime | None = None
    resolved_at: AwareDatetime | None = None
    closed_at: AwareDatetime | None = None
    merged_into: int | None = None
    linked_to: int | None = None
    related_tickets: tuple[int, ...] = ()
    """Tickets an agent linked to this one (staff only; the other side finds it by query)."""
    whatsapp_conversation_id: str | None = None
    content_fingerprint: str = ""
    csat: CsatRating | None = None
    version: int = 1
    comments: tuple[Comment, ...] = ()
    history: tuple[AuditEntry, ...] = ()

    @property
    def is_active(self) -> bool:
        """New, open, pending or on hold: work is still going on."""
        return self.status in ACTIVE_STATUSES

    def next_comment_id(self) -> str:
        """Comments are never removed, so the count gives a stable, unique id per ticket."""
        return f"{self.number}-{len(self.comments) + 1}"

    def has_applied(self, source_event_id: str) -> bool:
        """Whether a comment already came from this inbound event (idempotent intake)."""
        return any(c.source_event_id == source_event_id for c in self.comments)

    def has_comments_merged_from(self, source_number: int) -> bool:
        return any(c.merged_from == source_number for c in self.comments)
