"""How a delivery is stored: one document per delivery key, holding what is needed to send it.

The document keeps the request it renders (one recipient, their preferences included), so a
retry sends the same words to the same address even if the contact changed meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from notify.domain.contacts import Channel
from notify.domain.delivery import DeliveryKey, DeliveryState
from notify.domain.notifications import NotificationRequest
from notify.domain.preferences import SkipReason

SKIPPED = "skipped"
"""Status of a delivery that was never attempted (opted out, no usable address...)."""

_STATE_FIELDS = ("status", "error_code", "attempts", "provider_message_id", "history")


@dataclass(frozen=True)
class DeliveryRecord:
    """A delivery to attempt: the request, where it goes, and how it went so far."""

    key: DeliveryKey
    request: NotificationRequest
    address: str
    reply_token: str | None
    correlation_id: str
    state: DeliveryState = field(default_factory=DeliveryState)

    @property
    def ticket_number(self) -> str | None:
        return self.request.ticket_number

    @property
    def recipient(self) -> str:
        return self.key.recipient

    @property
    def channel(self) -> Channel:
        return self.key.channel


@dataclass(frozen=True)
class SkippedDelivery:
    """A channel we did not use for a recipient, kept in the log with the reason."""

    key: DeliveryKey
    request: NotificationRequest
    reason: SkipReason


def state_fields(state: DeliveryState) -> dict[str, Any]:
    """The top-level fields a delivery's state is stored in."""
    stored = state.model_dump(mode="python")
    stored["history"] = [entry.model_dump(mode="python") for entry in state.history]
    return {name: stored[name] for name in _STATE_FIELDS}


def _common(key: DeliveryKey, request: NotificationRequest, at: datetime) -> dict[str, Any]:
    return {
        "_id": str(key),
        "event_id": str(key.event_id),
        "channel": key.channel.value,
        "recipient": key.recipient,
        "ticket_number": request.ticket_number,
        "template": request.kind.value,
        "created_at": at,
        "updated_at": at,
        "attempt_log": [],
    }


def planned_document(record: DeliveryRecord, at: datetime) -> dict[str, Any]:
    return {
        **_common(record.key, record.request, at),
        "address": record.address,
        "reply_token": record.reply_token,
        "correlation_id": record.correlation_id,
        "request": record.request.model_dump(mode="json"),
        **state_fields(record.state),
    }


def skipped_document(skipped: SkippedDelivery, at: datetime) -> dict[str, Any]:
    return {
        **_common(skipped.key, skipped.request, at),
        "status": SKIPPED,
        "skip_reason": skipped.reason.value,
        "attempts": 0,
        "history": [],
    }


def record_from(document: dict[str, Any]) -> DeliveryRecord:
    """The delivery back from its stored form (only for documents that are not skipped)."""
    return DeliveryRecord(
        key=DeliveryKey.parse(document["_id"]),
        request=NotificationRequest.model_validate(document["request"]),
        address=document["address"],
        reply_token=document.get("reply_token"),
        correlation_id=document["correlation_id"],
        state=DeliveryState.model_validate({name: document.get(name) for name in _STATE_FIELDS}),
    )
