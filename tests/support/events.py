"""Building and publishing contract events the way a producing service would."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import aio_pika

from helpdesk_contracts.common import Requester, TicketSnapshot
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_contracts.topology import EVENTS_EXCHANGE


def ticket_snapshot(number: int = 100001, **changes: Any) -> TicketSnapshot:
    now = datetime.now(UTC)
    values: dict[str, Any] = {
        "number": number,
        "subject": "Não consigo acessar minha conta",
        "status": "new",
        "priority": "P2",
        "channel": "email",
        "requester": Requester(contact_id="c1", name="Maria Silva", email="maria@example.com.br"),
        "reply_token": "tok123",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    return TicketSnapshot(**{**values, **changes})


def ticket_created(number: int = 100001) -> Envelope[TicketCreated]:
    return new_envelope(TicketCreated(ticket=ticket_snapshot(number)), producer="tests")


async def publish(
    amqp_url: str,
    namespace: str,
    routing_key: str,
    body: bytes,
    *,
    exchange: str = EVENTS_EXCHANGE,
    headers: dict[str, Any] | None = None,
) -> None:
    """Publish with publisher confirms to a namespaced exchange (declared if missing)."""
    connection = await aio_pika.connect(amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        target = await channel.declare_exchange(
            namespace + exchange, aio_pika.ExchangeType.TOPIC, durable=True
        )
        message = aio_pika.Message(
            body,
            content_type="application/json",
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            headers=headers or {},
        )
        await target.publish(message, routing_key=routing_key)


async def publish_events(amqp_url: str, namespace: str, envelopes: Sequence[Envelope[Any]]) -> None:
    """Publish `envelopes` in order over one connection, each persistent and confirmed."""
    connection = await aio_pika.connect(amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        exchange = await channel.declare_exchange(
            namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        for envelope in envelopes:
            body = envelope.model_dump_json().encode()
            message = aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
            await exchange.publish(message, routing_key=envelope.routing_key)


async def publish_event(amqp_url: str, namespace: str, envelope: Envelope[Any]) -> None:
    body = envelope.model_dump_json().encode()
    await publish(amqp_url, namespace, envelope.routing_key, body)
