"""Events published by notify about the messages it sent."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from helpdesk_contracts.base import EventPayload


class NotificationOutcome(EventPayload):
    delivery_key: str = Field(description="event id + recipient + channel: one message at most")
    ticket_number: int | None = None
    channel: Literal["email", "whatsapp"]
    recipient: str
    template: str


class NotifyDelivered(NotificationOutcome):
    event_type = "notify.delivered"

    provider_message_id: str = Field(description="Our Message-ID or the WhatsApp wamid")


class NotifyFailed(NotificationOutcome):
    event_type = "notify.failed"

    error_code: str | None = None
    reason: str
    permanent: bool
