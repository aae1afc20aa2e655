"""Reading queues directly, as an operator inspecting a dead-letter queue would."""

from __future__ import annotations

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

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
