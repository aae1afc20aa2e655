"""Deliveries: the stable key that makes a send happen once, and the forward-only status."""

from datetime import datetime
from enum import StrEnum
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from notify.domain.contacts import Channel

_SEPARATOR = "/"


class DeliveryKey(BaseModel):
    """One event, to one recipient, on one channel: unique in the delivery log.

    The string form ``<event_id>/<channel>/<recipient>`` is what the unique index holds; the
    recipient (a contact id) comes last so it may contain any character.
    """

    model_config = ConfigDict(frozen=True)

    event_id: UUID
    channel: Channel
    recipient: str = Field(min_length=1)

    def __str__(self) -> str:
        return _SEPARATOR.join((str(self.event_id), self.channel.value, self.recipient))

    @classmethod
    def parse(cls, value: str) -> "DeliveryKey":
        """The key back from its string form (as stored in the delivery log)."""
        event_id, channel, recipient = value.split(_SEPARATOR, 2)
        return cls(event_id=UUID(event_id), channel=Channel(channel), recipient=recipient)


class DeliveryStatus(StrEnum):
    """Where a delivery stands; statuses only move forward."""

    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    FAILED = "failed"

    @property
    def is_final(self) -> bool:
        """Read and failed end a delivery's story; nothing moves it afterwards."""
        return self in (DeliveryStatus.READ, DeliveryStatus.FAILED)


_PROGRESS = {
    DeliveryStatus.QUEUED: 0,
    DeliveryStatus.SENT: 1,
    DeliveryStatus.DELIVERED: 2,
    DeliveryStatus.READ: 3,
}


class StatusEntry(BaseModel):
    """One step of a delivery's status history."""

    model_config = ConfigDict(frozen=True)

    status: DeliveryStatus
    at: datetime
    error_code: str | None = None


class DeliveryState(BaseModel):
    """A delivery's status, its error code when failed, send attempts so far and its history.

    ``provider_message_id`` is the WhatsApp ``wamid`` (status callbacks name it); for email our
    Message-ID already identifies the message.
    """

    model_config = ConfigDict(frozen=True)

    status: DeliveryStatus = DeliveryStatus.QUEUED
    error_code: str | None = None
    attempts: int = Field(default=0, ge=0)
    provider_message_id: str | None = None
    history: tuple[StatusEntry, ...] = ()


class StatusUpdate(BaseModel):
    """The state after a reported status, and whether the report changed anything."""

    model_config = ConfigDict(frozen=True)

    state: DeliveryState
    applied: bool


def can_move(current: DeliveryStatus, reported: DeliveryStatus) -> bool:
    """True when ``reported`` is a step forward from ``current``."""
    if current.is_final:
        return False
    if reported is DeliveryStatus.FAILED:
        return True
    return _PROGRESS[reported] > _PROGRESS[current]


def record_status(
    state: DeliveryState,
    *,
    reported: DeliveryStatus,
    at: datetime,
    error_code: str | None = None,
) -> StatusUpdate:
    """Apply a reported status (send result or callback); stale or repeated ones are ignored.

    Callbacks arrive late, twice or out of order (``read`` before ``delivered``); a report that
    would move the status backwards or sideways returns the state unchanged with ``applied=False``.
    """
    if not can_move(state.status, reported):
        return StatusUpdate(state=state, applied=False)
    code = error_code if reported is DeliveryStatus.FAILED else None
    entry = StatusEntry(status=reported, at=at, error_code=code)
    moved = state.model_copy(
        update={"status": reported, "error_code": code, "history": (*state.history, entry)}
    )
    return StatusUpdate(state=moved, applied=True)
