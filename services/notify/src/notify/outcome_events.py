"""The notify.delivered / notify.failed events a delivery's progress causes."""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.notify import NotifyDelivered, NotifyFailed
from notify.adapters.delivery_documents import DeliveryRecord
from notify.domain.delivery import DeliveryState, DeliveryStatus
from notify.domain.outcomes import OutcomeKind, SendOutcome


def _common(record: DeliveryRecord) -> dict[str, Any]:
    number = record.ticket_number
    return {
        "delivery_key": str(record.key),
        "ticket_number": int(number) if number and number.isdigit() else None,
        "channel": record.channel.value,
        "recipient": record.recipient,
        "template": record.request.kind.value,
    }


def _wrap(record: DeliveryRecord, payload: NotifyDelivered | NotifyFailed) -> Envelope[Any]:
    return new_envelope(
        payload,
        producer="notify",
        correlation_id=record.correlation_id,
        causation_id=str(record.key.event_id),
    )


def events_after_attempt(
    record: DeliveryRecord, after: DeliveryState, outcome: SendOutcome
) -> list[Envelope[Any]]:
    """Delivered when the channel took the message; failed when the delivery gave up."""
    if after.status is DeliveryStatus.SENT:
        provider_id = after.provider_message_id or ""
        return [_wrap(record, NotifyDelivered(**_common(record), provider_message_id=provider_id))]
    if after.status is DeliveryStatus.FAILED:
        permanent = outcome.kind is OutcomeKind.PERMANENT
        return [failed_event(record, after, reason=outcome.detail, permanent=permanent)]
    return []


def failed_event(
    record: DeliveryRecord, after: DeliveryState, *, reason: str, permanent: bool
) -> Envelope[Any]:
    """notify.failed; ``permanent`` is False when transient failures used up every retry."""
    payload = NotifyFailed(
        **_common(record),
        error_code=after.error_code,
        reason=reason or after.error_code or "failed",
        permanent=permanent,
    )
    return _wrap(record, payload)
