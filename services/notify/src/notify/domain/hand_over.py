"""The moment a message becomes the channel's: just before the last byte that commits it.

An SMTP relay takes a message at the end of its DATA (the final ``.``); the WhatsApp Cloud API
takes a request once its body is complete. A worker that stops between that moment and the
record of the reply would, were nothing written before it, leave a delivery that another worker
sends again: the same e-mail or WhatsApp message twice in the customer's hands. So the sender
first stores that the message is being handed over, then sends the last byte. A worker that
later finds such a mark with nobody holding the delivery records it as sent instead of sending
it again. Only a stop in the microseconds between the mark and the last byte's write could lose
a message (the relay never sees the end); a stop after it cannot duplicate one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from pydantic import BaseModel, ConfigDict

from notify.domain.outcomes import OutcomeKind, SendOutcome

HandOver = Callable[[], Awaitable[None]]
"""Stores that the message is being handed over; raises `HandOverRefused` when it is not."""


class HandOverRefused(Exception):
    """The mark was not stored (database unreachable, lease lost): the last byte is not sent."""


class HandedOver(BaseModel):
    """A stored mark: the message of this attempt reached its channel's last byte."""

    model_config = ConfigDict(frozen=True)

    attempt: int
    at: datetime
    provider_message_id: str | None = None


def not_handed_over(detail: str) -> SendOutcome:
    """The send stopped before the channel took the message: tried again later."""
    return SendOutcome(kind=OutcomeKind.TRANSIENT, error_code="hand_over", detail=detail[:300])


def taken_before_a_stop(mark: HandedOver) -> SendOutcome:
    """What a worker records for a delivery whose previous worker stopped after handing it over:
    accepted (the relay or API had the whole message), without sending it again."""
    return SendOutcome(
        kind=OutcomeKind.ACCEPTED,
        provider_message_id=mark.provider_message_id,
        detail="handed over before its worker stopped; not sent again",
    )
