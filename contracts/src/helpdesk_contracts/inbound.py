"""Raw inbound messages that channel gateways publish to intake's inbound exchange.

Gateways the team does not run (a mail gateway, a partner's form backend, a WhatsApp BSP
adapter) publish here; intake parses, validates, dedupes and normalizes them exactly as its
HTTP and SMTP doors do.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from helpdesk_contracts.base import Contract

RAW_EMAIL_ROUTING_KEY = "inbound.email.v1"
"""Body: the raw RFC 5322 message bytes (content type message/rfc822)."""

WEBFORM_ROUTING_KEY = "inbound.webform.v1"
"""Body: a `WebformSubmission` as JSON."""

WHATSAPP_ROUTING_KEY = "inbound.whatsapp.v1"
"""Body: the WhatsApp Cloud API webhook JSON, exactly as Meta posts it."""

REJECTION_HEADER = "x-helpdesk-rejection"
"""Header set on a message moved to a dead-letter queue: why it was refused."""


class WebformOrganization(Contract):
    name: str
    cnpj: str | None = None


class WebformSubmission(Contract):
    """What the web form sends; intake validates every field and answers 422 field by field."""

    name: str
    email: str
    phone: str | None = None
    country: str = "BR"
    organization: WebformOrganization | None = None
    category: str | None = None
    subcategory: str | None = None
    subject: str
    description: str
    language: str | None = Field(default=None, description="pt-BR (default) or en")
    submission_id: str | None = Field(default=None, description="Gateway's id, used for dedupe")


class WhatsAppWebhook(Contract):
    """The Cloud API webhook body: `object` is whatsapp_business_account."""

    object: str
    entry: list[dict[str, Any]]
