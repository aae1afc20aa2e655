"""Events published by tickets about customers (contacts), not about one ticket.

They live outside `ticket.*` on purpose: `customer.magic_link_requested` carries a sign-in link,
a secret that only notify needs; the `ticket.*.v1` bindings of sla and chat never see it.
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
