"""Events about customers (contacts), not about one ticket: secrets only notify needs.

They live outside `ticket.*` and `chat.*` on purpose: `customer.magic_link_requested` (from
tickets) carries a sign-in link and `customer.email_code_requested` (from chat) a one-time code;
the `ticket.*.v1` and `chat.*.v1` bindings of the other services never see them.
"""

from __future__ import annotations

from pydantic import AwareDatetime, EmailStr, Field

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.common import Language


class CustomerMagicLinkRequested(EventPayload):
    """A customer asked for a sign-in link to "Meus chamados"; notify emails it to `email`."""

    event_type = "customer.magic_link_requested"

    contact_id: str
    name: str | None = None
    email: EmailStr = Field(description="The address the link was asked for (one of the contact's)")
    language: Language = "pt-BR"
    link: str = Field(description="Single-use sign-in link; secret, never log it")
    expires_at: AwareDatetime


class CustomerEmailCodeRequested(EventPayload):
    """The chat asks notify to email a one-time code to `email`: typing it back in the chat
    proves the customer reads that mailbox (before a ticket's status is shown)."""

    event_type = "customer.email_code_requested"

    session_id: str = Field(description="The chat conversation that asked for the code")
    name: str | None = None
    email: EmailStr
    language: Language = "pt-BR"
    code: str = Field(pattern=r"^[0-9]{6}$", description="Six digits; secret, never log it")
    expires_at: AwareDatetime
