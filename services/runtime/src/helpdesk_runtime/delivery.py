"""A message as a consumer sees it, independent of the broker library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ORIGINAL_ROUTING_KEY = "x-helpdesk-routing-key"
ATTEMPT_HEADER = "x-helpdesk-attempt"
LAST_ERROR_HEADER = "x-helpdesk-last-error"


@dataclass(frozen=True)
class Delivery:
    """One delivery: its routing key as published, body and headers."""

    routing_key: str
    body: bytes
    headers: Mapping[str, Any] = field(default_factory=dict)
    message_id: str | None = None
    correlation_id: str | None = None
    content_type: str | None = None

    @property
    def attempt(self) -> int:
        """1 for the first delivery, 2 after one broker-delayed retry, and so on."""
        return int(self.headers.get(ATTEMPT_HEADER, 1))


class Rejected(Exception):
    """Raised by a handler for input that can never succeed: it goes to the DLQ with `reason`."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
