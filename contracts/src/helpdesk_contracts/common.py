"""Value objects used by several events."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from helpdesk_contracts.base import Contract
from helpdesk_contracts.email_address import EmailAddress

Channel = Literal["email", "webform", "chat", "whatsapp", "phone"]
Priority = Literal["P0", "P1", "P2", "P3"]
TicketStatus = Literal["new", "open", "pending", "on_hold", "resolved", "closed", "merged"]
ActorKind = Literal["customer", "agent", "bot", "system"]
StaffRole = Literal["agent", "leader", "coordinator", "manager", "admin"]
Language = Literal["pt-BR", "en"]


class Person(Contract):
    """Someone who wrote to support, as identified by the channel they used."""

    name: str | None = None
    email: EmailAddress | None = None
    phone: str | None = Field(default=None, description="E.164, e.g. +5511987654321")
    whatsapp_id: str | None = None
    external_id: str | None = Field(
        default=None, description='Customer id in the company ("ID Suporte")'
    )


class AttachmentRef(Contract):
    """A file stored by the service that received it; fetched by id, never inlined in events."""

    attachment_id: str
    filename: str
    content_type: str
    size: int = Field(ge=0)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    inline: bool = False
    dangerous: bool = Field(
        default=False, description="Executable or macro type: shown with a warning"
    )


class Actor(Contract):
    """Who did something: a customer, an agent, the virtual assistant or the system itself."""

    kind: ActorKind
    id: str | None = None
    name: str | None = None


class StaffMember(Contract):
    """A member of the support team to be told about something."""

    id: str
    name: str
    email: EmailAddress | None = None
    phone: str | None = None
    role: StaffRole = "agent"
    language: Language = "pt-BR"


class Requester(Contract):
    """The contact a ticket belongs to, with what notify needs to reach them."""

    contact_id: str
    name: str | None = None
    email: EmailAddress | None = None
    phone: str | None = None
    whatsapp_id: str | None = None
    language: Language = "pt-BR"


class TicketSnapshot(Contract):
    """The ticket as it stands after the change an event reports."""

    number: int = Field(ge=1, description="Protocol number shown to the customer")
    subject: str
    status: TicketStatus
    priority: Priority
    channel: Channel
    requester: Requester
    organization_id: str | None = None
    category: str | None = None
    subcategory: str | None = None
    group: str | None = None
    assignee: StaffMember | None = None
    tags: tuple[str, ...] = ()
    reply_token: str = Field(description="Token in the reply address suporte+<token>@…")
    message_ids: tuple[str, ...] = Field(
        default=(), description="Our Message-IDs sent for this ticket"
    )
    created_at: AwareDatetime
    updated_at: AwareDatetime
    version: int = Field(ge=1)
