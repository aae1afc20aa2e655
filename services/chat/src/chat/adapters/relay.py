"""Routing live chat traffic between replicas through RabbitMQ.

Every replica owns one exclusive, auto-delete queue bound to the relay exchange with the keys it
cares about right now: `session.<id>` for each conversation with a socket here, `agent.<id>` for
each agent connected here and `agents` for queue changes. Messages are stored in MongoDB first;
the relay only carries them (with their seq, and the conversation version that holds them) to
the replicas whose sockets must see them.
"""

from __future__ import annotations

import asyncio
import json
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import (
    AbstractChannel,
    AbstractExchange,
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustConnection,
)

from helpdesk_runtime.broker_nodes import connect_robust_to_cluster

RELAY_EXCHANGE = "helpdesk.chat-relay"
AGENTS_KEY = "agents"
RelayHandler = Callable[[str, dict[str, Any]], Awaitable[None]]
log = structlog.get_logger(__name__)


def session_key(session_id: str) -> str:
    return f"session.{session_id}"


def agent_key(agent_id: str) -> str:
    return f"agent.{agent_id}"


class ChatRelay:
    """Publishes to and consumes from the relay exchange; bindings are reference-counted."""

    def __init__(self, amqp_url: str, exchange_name: str) -> None:
        self._url = amqp_url
        self._exchange_name = exchange_name
        self._connection: AbstractRobustConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchange: AbstractExchange | None = None
        self._queue: AbstractQueue | None = None
        self._bound: Counter[str] = Counter()
        self._inbox: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    async def start(self, handle: RelayHandler) -> None:
        self._connection = await connect_robust_to_cluster(self._url, timeout=10)
        self._channel = await self._connection.channel(publisher_confirms=True)
        await self._channel.set_qos(prefetch_count=256)
        self._exchange = await self._channel.declare_exchange(
            self._exchange_name, aio_pika.ExchangeType.TOPIC, auto_delete=True
        )
        self._queue = await self._channel.declare_queue(exclusive=True, auto_delete=True)
        await self._queue.bind(self._exchange, routing_key=AGENTS_KEY)

        async def on_message(message: AbstractIncomingMessage) -> None:
            self._inbox.put_nowait(message)  # before any await: keeps the broker's order

        self._worker = asyncio.create_task(self._work(handle))
        await self._queue.consume(on_message, no_ack=True)

    async def _work(self, handle: RelayHandler) -> None:
        """One message at a time, in arrival order (a session's messages stay in order)."""
        while True:
            message = await self._inbox.get()
            try:
                body = json.loads(message.body)
            except ValueError:
                log.warning("relay message is not JSON", routing_key=message.routing_key)
                continue
            try:
                await handle(message.routing_key or "", body)
            except Exception as error:  # one bad delivery must not stop the relay
                log.exception("relay message failed", error=repr(error)[:300])

    @property
    def running(self) -> bool:
        return self._connection is not None and not self._connection.is_closed

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
        if self._connection is not None:
            await self._connection.close()

    async def publish(self, routing_key: str, body: dict[str, Any]) -> None:
        assert self._exchange is not None, "relay not started"
        message = aio_pika.Message(
            json.dumps(body, default=str).encode(), content_type="application/json"
        )
        await self._exchange.publish(message, routing_key=routing_key)

    async def bind(self, routing_key: str) -> None:
        """Receive `routing_key` (counted: the last `unbind` really unbinds)."""
        self._bound[routing_key] += 1
        if self._bound[routing_key] == 1 and self._queue and self._exchange:
            await self._queue.bind(self._exchange, routing_key=routing_key)

    async def unbind(self, routing_key: str) -> None:
        if self._bound[routing_key] <= 0:
            return
        self._bound[routing_key] -= 1
        if self._bound[routing_key] == 0:
            del self._bound[routing_key]
            if self._queue and self._exchange:
                await self._queue.unbind(self._exchange, routing_key=routing_key)
