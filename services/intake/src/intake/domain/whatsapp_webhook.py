"""WhatsApp Cloud API webhook payloads turned into normalized inbound messages and statuses."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime

from pydantic import ValidationError

from intake.domain.whatsapp_messages import (
    WhatsAppDeliveryError,
    WhatsAppLocation,
    WhatsAppMedia,
    WhatsAppMessage,
    WhatsAppReply,
    WhatsAppStatus,
)
from intake.domain.whatsapp_payload import RawMedia, RawMessage, RawStatus, RawValue, RawWebhook

_MEDIA_TYPES = ("image", "document", "audio", "video", "sticker")


class InvalidWebhookPayload(ValueError):
    """The JSON is not a WhatsApp Business Account webhook intake can read; `reason` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _when(epoch_seconds: int) -> datetime:
    return datetime.fromtimestamp(epoch_seconds, tz=UTC)


def _media(raw: RawMessage) -> WhatsAppMedia | None:
    found: RawMedia | None = next(
        (m for m in (getattr(raw, kind) for kind in _MEDIA_TYPES) if m is not None), None
    )
    if found is None:
        return None
    return WhatsAppMedia(
        media_id=found.id,
        mime_type=found.mime_type,
        sha256=found.sha256,
        caption=found.caption,
        filename=found.filename,
    )


def _reply(raw: RawMessage) -> WhatsAppReply | None:
    if raw.button is not None:
        return WhatsAppReply(kind="button", reply_id=raw.button.payload, title=raw.button.text)
    if raw.interactive is None:
        return None
    if raw.interactive.button_reply is not None:
        chosen, kind = raw.interactive.button_reply, "button_reply"
    elif raw.interactive.list_reply is not None:
        chosen, kind = raw.interactive.list_reply, "list_reply"
    else:
        return None
    return WhatsAppReply(kind=kind, reply_id=chosen.id, title=chosen.title)


def _message(raw: RawMessage, value: RawValue) -> WhatsAppMessage:
    names = {c.wa_id: c.profile.name for c in value.contacts if c.profile is not None}
    media = _media(raw)
    reply = _reply(raw)
    location = raw.location
    text = raw.text.body if raw.text else reply.title if reply else media.caption if media else None
    return WhatsAppMessage(
        wamid=raw.id,
        from_wa_id=raw.from_,
        profile_name=names.get(raw.from_),
        phone_number_id=value.metadata.phone_number_id,
        timestamp=_when(raw.timestamp),
        message_type=raw.type,
        text=text,
        media=media,
        location=WhatsAppLocation(**location.model_dump()) if location else None,
        reply=reply,
        context_wamid=raw.context.id if raw.context else None,
    )


def _status(raw: RawStatus, value: RawValue) -> WhatsAppStatus:
    return WhatsAppStatus(
        wamid=raw.id,
        status=raw.status,
        recipient_wa_id=raw.recipient_id,
        phone_number_id=value.metadata.phone_number_id,
        timestamp=_when(raw.timestamp),
        errors=tuple(
            WhatsAppDeliveryError(code=e.code, title=e.title, message=e.message) for e in raw.errors
        ),
        callback_data=raw.biz_opaque_callback_data,
    )


def parse_webhook(payload: Mapping[str, object]) -> list[WhatsAppMessage | WhatsAppStatus]:
    """Every message and status in a webhook call, in order; raises InvalidWebhookPayload."""
    try:
        webhook = RawWebhook.model_validate(payload)
        # Other fields (template status, account updates) are not customer messages.
        values = [
            RawValue.model_validate(change.value)
            for entry in webhook.entry
            for change in entry.changes
            if change.field == "messages"
        ]
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InvalidWebhookPayload(f"not a WhatsApp webhook: {where}: {first['msg']}") from exc
    items: list[WhatsAppMessage | WhatsAppStatus] = []
    for value in values:
        items.extend(_message(raw, value) for raw in value.messages)
        items.extend(_status(raw, value) for raw in value.statuses)
    return items
