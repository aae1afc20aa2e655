"""Normalized WhatsApp inbound messages and delivery statuses, whatever their Cloud API shape."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class WhatsAppMedia(_Frozen):
    """A media file kept on Meta's side: its id lets the application download it later."""

    media_id: str
    mime_type: str | None
    sha256: str | None
    caption: str | None
    filename: str | None


class WhatsAppLocation(_Frozen):
    latitude: float
    longitude: float
    name: str | None
    address: str | None


class WhatsAppReply(_Frozen):
    """The button or list row a customer chose (interactive replies and legacy template buttons)."""

    kind: Literal["button_reply", "list_reply", "button"]
    reply_id: str | None
    title: str


class WhatsAppMessage(_Frozen):
    """One message a customer sent; `message_type` is the Cloud API type, kept as received."""

    wamid: str
    from_wa_id: str
    profile_name: str | None
    phone_number_id: str
    timestamp: datetime
    message_type: str
    text: str | None
    media: WhatsAppMedia | None
    location: WhatsAppLocation | None
    reply: WhatsAppReply | None
    context_wamid: str | None


class WhatsAppDeliveryError(_Frozen):
    code: int
    title: str | None
    message: str | None


class WhatsAppStatus(_Frozen):
    """What happened to a message we sent (sent → delivered → read, or failed)."""

    wamid: str
    status: Literal["sent", "delivered", "read", "failed", "deleted"]
    recipient_wa_id: str
    phone_number_id: str
    timestamp: datetime
    errors: tuple[WhatsAppDeliveryError, ...]
    callback_data: str | None = None
    """The biz_opaque_callback_data we sent with the message, echoed back."""
