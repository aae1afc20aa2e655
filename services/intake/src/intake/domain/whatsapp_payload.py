"""The shape of a WhatsApp Cloud API webhook, as Meta sends it (only the parts intake reads)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Raw(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class RawText(_Raw):
    body: str


class RawMedia(_Raw):
    id: str
    mime_type: str | None = None
    sha256: str | None = None
    caption: str | None = None
    filename: str | None = None


class RawLocation(_Raw):
    latitude: float
    longitude: float
    name: str | None = None
    address: str | None = None


class RawReply(_Raw):
    id: str
    title: str
    description: str | None = None


class RawInteractive(_Raw):
    type: str
    button_reply: RawReply | None = None
    list_reply: RawReply | None = None


class RawButton(_Raw):
    payload: str | None = None
    text: str


class RawContext(_Raw):
    id: str | None = None


class RawMessage(_Raw):
    id: str
    from_: str = Field(alias="from")
    timestamp: int
    type: str
    context: RawContext | None = None
    text: RawText | None = None
    image: RawMedia | None = None
    document: RawMedia | None = None
    audio: RawMedia | None = None
    video: RawMedia | None = None
    sticker: RawMedia | None = None
    location: RawLocation | None = None
    interactive: RawInteractive | None = None
    button: RawButton | None = None


class RawError(_Raw):
    code: int
    title: str | None = None
    message: str | None = None


class RawStatus(_Raw):
    id: str
    status: Literal["sent", "delivered", "read", "failed", "deleted"]
    timestamp: int
    recipient_id: str
    errors: tuple[RawError, ...] = ()
    biz_opaque_callback_data: str | None = None


class RawProfile(_Raw):
    name: str | None = None


class RawContact(_Raw):
    wa_id: str
    profile: RawProfile | None = None


class RawMetadata(_Raw):
    display_phone_number: str | None = None
    phone_number_id: str


class RawValue(_Raw):
    messaging_product: str | None = None
    metadata: RawMetadata
    contacts: tuple[RawContact, ...] = ()
    messages: tuple[RawMessage, ...] = ()
    statuses: tuple[RawStatus, ...] = ()


class RawChange(_Raw):
    field: str
    value: dict[str, object]


class RawEntry(_Raw):
    id: str
    changes: tuple[RawChange, ...] = ()


class RawWebhook(_Raw):
    object: Literal["whatsapp_business_account"]
    entry: tuple[RawEntry, ...]
