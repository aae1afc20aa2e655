"""Intake's pure domain: inbound email, web form and WhatsApp input, parsed and validated."""

from intake.domain.email_limits import LimitBreach, Limits
from intake.domain.email_models import (
    Attachment,
    BounceReport,
    EmailAddress,
    EmailKind,
    ForwardedMessage,
    InboundEmail,
    UnparseableEmail,
)
from intake.domain.email_parsing import parse_email, synthesized_message_id
from intake.domain.field_errors import FieldError, field_errors
from intake.domain.service_catalogue import ServiceCatalogue, default_catalogue, load_catalogue
from intake.domain.webform import Organization, WebFormSubmission, validate_webform
from intake.domain.whatsapp_messages import WhatsAppMessage, WhatsAppStatus
from intake.domain.whatsapp_signature import verify_signature, verify_subscription
from intake.domain.whatsapp_webhook import InvalidWebhookPayload, parse_webhook

__all__ = [
    "Attachment",
    "BounceReport",
    "EmailAddress",
    "EmailKind",
    "FieldError",
    "ForwardedMessage",
    "InboundEmail",
    "InvalidWebhookPayload",
    "LimitBreach",
    "Limits",
    "Organization",
    "ServiceCatalogue",
    "UnparseableEmail",
    "WebFormSubmission",
    "WhatsAppMessage",
    "WhatsAppStatus",
    "default_catalogue",
    "field_errors",
    "load_catalogue",
    "parse_email",
    "parse_webhook",
    "synthesized_message_id",
    "validate_webform",
    "verify_signature",
    "verify_subscription",
]
