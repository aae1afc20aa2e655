"""Events published by intake: normalized inbound messages and delivery status callbacks."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from helpdesk_contracts.base import Contract, EventPayload
from helpdesk_contracts.common import Actor, AttachmentRef, Channel, Language, Person
from helpdesk_contracts.email_address import EmailAddress


class ThreadingHints(Contract):
    """What the tickets service uses to join a message to an existing ticket."""

    message_id: str | None = Field(default=None, description="Message-ID of the inbound email")
    in_reply_to: str | None = None
    references: tuple[str, ...] = ()
    reply_token: str | None = Field(default=None, description="From suporte+<token>@… recipients")
    ticket_number_hint: int | None = Field(
        default=None, description='From "[#123456]" in the subject'
    )
    external_ids: dict[str, str] = Field(
        default_factory=dict,
        description="Channel ids: whatsapp_wamid, whatsapp_conversation, chat_session, submission",
    )


class Organization(Contract):
    name: str
    cnpj: str | None = Field(default=None, pattern=r"^[0-9A-Z]{12}\d{2}$")


class FormDetails(Contract):
    """Structured fields only the web form provides."""

    country: str = "BR"
    organization: Organization | None = None
    category: str | None = None
    subcategory: str | None = None


class Location(Contract):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None


class AgentReply(Contract):
    """A reply an agent already gave the customer inside the channel itself (a live chat)."""

    author: Actor
    at: AwareDatetime = Field(description="When the agent wrote it")


class MessageReceived(EventPayload):
    """A customer message from any channel, normalized; tickets turns it into a ticket."""

    event_type = "intake.message.received"

    inbound_id: str = Field(description="Intake's dedupe key: the same inbound message has one id")
    channel: Channel
    received_at: AwareDatetime
    sender: Person
    recipients: tuple[str, ...] = ()
    subject: str = ""
    text: str = Field(default="", description="Visible text: quoted reply and signature removed")
    full_text: str = Field(default="", description="The whole original text")
    html: str | None = Field(default=None, description="Sanitized HTML, safe to display")
    attachments: tuple[AttachmentRef, ...] = ()
    threading: ThreadingHints = ThreadingHints()
    form: FormDetails | None = None
    location: Location | None = None
    language: Language | None = None
    raw_ref: str | None = Field(
        default=None, description="Id of the archived raw message in intake"
    )
    first_agent_reply: AgentReply | None = Field(
        default=None,
        description="Chat: the first agent reply inside the conversation, already shown to the "
        "customer there; tickets counts it as the ticket's first response",
    )


DeliveryState = Literal["sent", "delivered", "read", "failed", "bounced"]

CALLBACK_REFERENCE_MAX_LENGTH = 512
"""WhatsApp's limit on `biz_opaque_callback_data`, the field a callback reference travels in."""


class DeliveryStatus(EventPayload):
    """A provider told us what happened to a message we sent (WhatsApp status, email bounce)."""

    event_type = "intake.delivery_status"

    channel: Literal["email", "whatsapp"]
    provider_message_id: str = Field(description="Our Message-ID or the WhatsApp wamid")
    callback_reference: str | None = Field(
        default=None,
        max_length=CALLBACK_REFERENCE_MAX_LENGTH,
        description="WhatsApp: the biz_opaque_callback_data sent with the message (notify puts "
        "its delivery's key there), so a status names its delivery even when the wamid was "
        "never stored",
    )
    status: DeliveryState
    recipient: EmailAddress | str | None = None
    error_code: str | None = None
    error_reason: str | None = None
    reported_at: AwareDatetime
