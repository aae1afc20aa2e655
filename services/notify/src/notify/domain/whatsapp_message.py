"""The Cloud API request body: free text inside the 24-hour window, a template outside it.

Reference: https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
"""

from datetime import datetime, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from notify.domain.notifications import NotificationRequest
from notify.domain.rendering import RenderedMessage
from notify.domain.whatsapp_templates import WhatsAppTemplates, template_parameters

SERVICE_WINDOW = timedelta(hours=24)
"""WhatsApp's customer-service window, opened by each message the customer sends us."""

TEXT_BODY_LIMIT = 4096
CALLBACK_DATA_LIMIT = 512


def in_service_window(last_inbound_at: datetime | None, now: datetime) -> bool:
    """True while free text may be sent: less than 24 h since the contact last wrote to us.

    At exactly 24 h the window is closed. A contact who never wrote to us is outside it.
    """
    if now.tzinfo is None or (last_inbound_at is not None and last_inbound_at.tzinfo is None):
        raise ValueError("service-window times must be timezone-aware")
    if last_inbound_at is None:
        return False
    return now - last_inbound_at < SERVICE_WINDOW


class WhatsAppMessage(BaseModel):
    """One request body for ``POST /<phone-number-id>/messages``."""

    model_config = ConfigDict(frozen=True)

    mode: Literal["text", "template"]
    template_name: str | None = None
    body: dict[str, Any]


def build_whatsapp_message(
    *,
    request: NotificationRequest,
    message: RenderedMessage,
    to: str,
    reference: str,
    last_inbound_at: datetime | None,
    now: datetime,
    templates: WhatsAppTemplates,
) -> WhatsAppMessage:
    """The JSON body for this notification to ``to`` (digits with country code). ``reference``
    (the delivery's key) goes out as ``biz_opaque_callback_data``: Meta echoes it in every status
    of the message, so a status names its delivery even if the wamid was never stored.

    Raises WhatsAppTemplateMissing outside the window when the kind has no approved template:
    the delivery then fails permanently with that reason, since no retry can fix configuration.
    """
    envelope: dict[str, Any] = {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "biz_opaque_callback_data": reference[:CALLBACK_DATA_LIMIT],
    }
    if in_service_window(last_inbound_at, now):
        text = message.whatsapp[:TEXT_BODY_LIMIT]
        body = {**envelope, "type": "text", "text": {"preview_url": False, "body": text}}
        return WhatsAppMessage(mode="text", body=body)
    name = templates.name_for(request.kind)
    parameters = template_parameters(request, message.language)
    template = {
        "name": name,
        "language": {"code": templates.language_code(message.language)},
        "components": [
            {"type": "body", "parameters": [{"type": "text", "text": p} for p in parameters]}
        ],
    }
    return WhatsAppMessage(
        mode="template",
        template_name=name,
        body={**envelope, "type": "template", "template": template},
    )
