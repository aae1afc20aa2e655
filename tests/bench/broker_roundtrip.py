"""Round trip of persistent, confirmed messages: aio-pika alone versus our service runtime.

Both sides publish the same number of persistent messages with publisher confirms and count
the time until the last one has been consumed and acknowledged. The runtime side adds what every
service pays: contract validation, the idempotency check (a database read and write) and ack.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aio_pika

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_runtime.service import ServiceRuntime
from tests.bench.harness import Cost
from tests.support.events import ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.runtime import start_and_wait

MESSAGES = 2000
PUBLISH_WINDOW = 100


async def _publish_all(
    channel: aio_pika.abc.AbstractChannel, exchange: str, bodies: list[tuple[str, bytes]]
) -> None:
    target = await channel.get_exchange(exchange)
    for start in range(0, len(bodies), PUBLISH_WINDOW):
        window = bodies[start : start + PUBLISH_WINDOW]
        await asyncio.gather(
            *(
                target.publish(
                    aio_pika.Message(body, delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                    routing_key=key,
                )
                for key, body in window
            )
        )


async def raw_aio_pika(run: IsolatedRun, count: int) -> float:
    """Messages/s through a plain aio-pika consumer that acks each message."""
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        await channel.set_qos(prefetch_count=32)
        exchange = await channel.declare_exchange(
            f"{run.namespace}bench.raw", "topic", durable=True
        )
        queue = await channel.declare_queue(
            f"{run.namespace}bench.raw", durable=True, arguments={"x-queue-type": "quorum"}
        )
        await queue.bind(exchange, routing_key="bench.#")
        done = asyncio.Event()
        received = 0

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal received
            await message.ack()
            received += 1
            if received == count:
                done.set()

        await queue.consume(on_message)
        bodies = [
            ("bench.raw", ticket_created(100000 + i).model_dump_json().encode())
            for i in range(count)
        ]
        started = time.perf_counter()
        await _publish_all(channel, exchange.name, bodies)
        await done.wait()
        elapsed = time.perf_counter() - started
        await queue.delete(if_unused=False, if_empty=False)
        await exchange.delete()
    return count / elapsed


async def service_runtime(run: IsolatedRun, count: int) -> float:
    """Messages/s through a ServiceRuntime subscriber (validation, inbox, ack)."""
    received = 0
    done = asyncio.Event()

    async def handler(_: Envelope[Any]) -> None:
        nonlocal received
        received += 1
        if received == count:
            done.set()

    runtime = ServiceRuntime(service="sla", settings=run.settings(log_level="WARNING"))
    runtime.subscribe_events("ticket-events", {TicketCreated: handler})
    await start_and_wait(runtime)
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        bodies = [
            ("ticket.created.v1", ticket_created(100000 + i).model_dump_json().encode())
            for i in range(count)
        ]
        started = time.perf_counter()
        await _publish_all(channel, f"{run.namespace}helpdesk.events", bodies)
        await done.wait()
        elapsed = time.perf_counter() - started
    await runtime.stop()
    return count / elapsed


async def measure(run: IsolatedRun, count: int = MESSAGES) -> dict[str, float]:
    """Rates, and the CPU time of this process (publisher and consumer) per message of each."""
    cost = Cost()
    raw = await raw_aio_pika(run, count)
    raw_cpu, _ = cost.per_item(count)
    cost = Cost()
    ours = await service_runtime(run, count)
    ours_cpu, commands = cost.per_item(count)
    return {
        "aio_pika_msgs_per_s": raw,
        "runtime_msgs_per_s": ours,
        "runtime_to_raw_ratio": ours / raw,
        "aio_pika_cpu_ms_per_msg": raw_cpu,
        "runtime_cpu_ms_per_msg": ours_cpu,
        "runtime_db_commands_per_msg": commands,
    }
