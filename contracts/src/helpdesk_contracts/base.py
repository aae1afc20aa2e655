"""Base classes every contract model shares."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class Contract(BaseModel):
    """A value carried between services: immutable, tolerant of fields it does not know."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class EventPayload(Contract):
    """The payload of one versioned event; `event_type` and `event_version` name it on the wire."""

    event_type: ClassVar[str]
    event_version: ClassVar[int] = 1

    @classmethod
    def routing_key(cls) -> str:
        """Routing key on the events exchange: `<domain>.<event>.v<major>`."""
        return f"{cls.event_type}.v{cls.event_version}"
