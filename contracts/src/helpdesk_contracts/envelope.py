"""The envelope that wraps every event on the wire."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar, cast

from pydantic import AwareDatetime, Field, field_validator

from helpdesk_contracts.base import Contract, EventPayload

P = TypeVar("P", bound=EventPayload)


class Envelope(Contract, Generic[P]):
    """Metadata shared by every event; `payload` is the event itself."""

    event_id: uuid.UUID
    type: str = Field(description="Event name without version, e.g. ticket.created")
    version: int = Field(ge=1)
    occurred_at: AwareDatetime
    producer: str = Field(min_length=1, description="Service that emitted the event")
    correlation_id: str = Field(min_length=1, description="Shared by every event of one flow")
    causation_id: str | None = Field(
        default=None, description="event_id of the event that caused it"
    )
    payload: P

    @field_validator("occurred_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @property
    def routing_key(self) -> str:
        return f"{self.type}.v{self.version}"


def new_envelope(
    payload: P,
    *,
    producer: str,
    correlation_id: str | None = None,
    causation_id: str | None = None,
    occurred_at: datetime | None = None,
) -> Envelope[P]:
    """Wrap `payload` in a fresh envelope; a new flow gets a new correlation id."""
    event_id = uuid.uuid4()
    model: type[Envelope[P]] = cast(Any, Envelope)[type(payload)]
    return model(
        event_id=event_id,
        type=payload.event_type,
        version=payload.event_version,
        occurred_at=occurred_at or datetime.now(UTC),
        producer=producer,
        correlation_id=correlation_id or str(event_id),
        causation_id=causation_id,
        payload=payload,
    )
