"""Reading queues directly, as an operator inspecting a dead-letter queue would."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

from helpdesk_contracts.topology import EVENTS_EXCHANGE
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async


async def get_message(amqp_url: str, queue: str, timeout: float = 15) -> AbstractIncomingMessage:
    """The next message of `queue`, taken off it."""
    connection = await aio_pika.connect(amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        declared = await channel.get_queue(queue, ensure=True)

        async def take() -> AbstractIncomingMessage | None:
            message = await declared.get(no_ack=True, fail=False)
            return message

        return await eventually_async(take, timeout=timeout, what=f"a message on {queue}")


async def declare_spy_queue(run: IsolatedRun, purpose: str, binding: str) -> str:
    """A durable queue of the test run's own, bound to the events exchange with `binding`, that
    keeps a copy of every event published under it; returns its name."""
    name = f"{run.namespace}spy.{purpose}"
    connection = await aio_pika.connect(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            run.namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(name, durable=True)
        await queue.bind(exchange, routing_key=binding)
    return name


async def take_all(amqp_url: str, queue: str) -> list[str]:
    """The message ids of every message now in `queue` (published and confirmed), taken off."""
    connection = await aio_pika.connect(amqp_url, timeout=10)
    taken: list[str] = []
    async with connection:
        channel = await connection.channel()
        declared = await channel.get_queue(queue, ensure=True)
        while message := await declared.get(no_ack=True, fail=False):
            taken.append(str(message.message_id))
    return taken
