"""Publishing events and dead letters with publisher confirms."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from faststream.rabbit import RabbitBroker

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.topology import EVENTS_EXCHANGE, Namespace
from helpdesk_runtime.broker import topic_exchange
from helpdesk_runtime.database import Document

JSON = "application/json"


class EventPublisher:
    """Sends persistent messages and returns only once the broker has confirmed them."""

    def __init__(self, broker: RabbitBroker, names: Namespace) -> None:
        self._broker = broker
        self._names = names

    async def publish_entry(self, entry: Document) -> None:
        """Publish one stored outbox entry."""
        await self._broker.publish(
            entry["body"].encode(),
            exchange=topic_exchange(self._names, entry.get("exchange", EVENTS_EXCHANGE)),
            routing_key=entry["routing_key"],
            persist=True,
            mandatory=False,
            message_id=entry["event_id"],
            correlation_id=entry["correlation_id"],
            content_type=JSON,
        )

    async def publish_event(self, envelope: Envelope[Any]) -> None:
        """Publish an event that has no state of its own to store first."""
        await self._broker.publish(
            envelope.model_dump_json().encode(),
            exchange=topic_exchange(self._names, EVENTS_EXCHANGE),
            routing_key=envelope.routing_key,
            persist=True,
            mandatory=False,
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
        await self._broker.publish(
            body,
            exchange=exchange,
            routing_key=routing_key,
            persist=True,
            mandatory=False,
            headers=dict(headers or {}),
            content_type=content_type,
            message_id=message_id,
            correlation_id=correlation_id,
        )
