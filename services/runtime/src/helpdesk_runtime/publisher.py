"""Publishing events and dead letters with publisher confirms, each wait bounded.

A publish returns once the broker has confirmed it. A confirm that does not come within
`confirm_timeout_s` (a quorum queue electing a new leader after its node died, a connection that
went silent) raises `PublishNotConfirmed`: the caller treats the message as not published and
sends it again later (an outbox entry stays pending), and consumers skip the possible duplicate
by event_id. Without the bound, a relay could wait for ever and hold every later event back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

from faststream.rabbit import RabbitBroker

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.topology import EVENTS_EXCHANGE, Namespace
from helpdesk_runtime.broker import topic_exchange
from helpdesk_runtime.database import Document

JSON = "application/json"
DEFAULT_CONFIRM_TIMEOUT_S = 10.0


class PublishNotConfirmedError(TimeoutError):
    """The broker did not confirm in time: the message may or may not have been routed."""


class EventPublisher:
    """Sends persistent messages and returns only once the broker has confirmed them."""

    def __init__(
        self,
        broker: RabbitBroker,
        names: Namespace,
        *,
        confirm_timeout_s: float = DEFAULT_CONFIRM_TIMEOUT_S,
    ) -> None:
        self._broker = broker
        self._names = names
        self._confirm_timeout_s = confirm_timeout_s

    async def publish_entry(self, entry: Document) -> None:
        """Publish one stored outbox entry."""
        await self._confirmed(
            entry["body"].encode(),
            exchange=topic_exchange(self._names, entry.get("exchange", EVENTS_EXCHANGE)),
            routing_key=entry["routing_key"],
            message_id=entry["event_id"],
            correlation_id=entry["correlation_id"],
            content_type=JSON,
        )

    async def publish_event(self, envelope: Envelope[Any]) -> None:
        """Publish an event that has no state of its own to store first."""
        await self._confirmed(
            envelope.model_dump_json().encode(),
            exchange=topic_exchange(self._names, EVENTS_EXCHANGE),
            routing_key=envelope.routing_key,
            message_id=str(envelope.event_id),
            correlation_id=envelope.correlation_id,
            content_type=JSON,
        )

    async def publish_raw(
        self,
        body: bytes,
        *,
        exchange: str,
        routing_key: str,
        headers: Mapping[str, Any] | None = None,
        content_type: str | None = None,
        message_id: str | None = None,
        correlation_id: str | None = None,
    ) -> None:
        """Publish bytes as they are (raw inbound messages, retries, dead letters)."""
        await self._confirmed(
            body,
            exchange=exchange,
            routing_key=routing_key,
            headers=dict(headers or {}),
            content_type=content_type,
            message_id=message_id,
            correlation_id=correlation_id,
        )

    async def _confirmed(self, body: bytes, **options: Any) -> None:
        # The bound covers the whole publish: a channel waiting to be restored after a lost
        # connection blocks before the frame is even sent.
        try:
            async with asyncio.timeout(self._confirm_timeout_s):
                await self._broker.publish(body, persist=True, mandatory=False, **options)
        except TimeoutError as error:
            raise PublishNotConfirmedError(
                f"no publisher confirm within {self._confirm_timeout_s:g} s "
                f"for {options.get('routing_key')!r} (message {options.get('message_id')})"
            ) from error
