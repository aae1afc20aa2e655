"""The nodes of a RabbitMQ cluster, and connections that move to a surviving one.

`HELPDESK_AMQP_URL` names one broker or, comma-separated, every node of a cluster
(`amqp://u:p@rabbit-1:5672/,amqp://u:p@rabbit-2:5672/,...`). A connection tries the nodes in
turn: the first at start-up, the next one after each lost connection or failed attempt, so a
service whose node dies reconnects to another within about a second (aio-pika's robust
connection then restores its channels, queues and consumers there).
"""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar, cast

import aio_pika
from aio_pika import RobustConnection
from aio_pika.abc import AbstractConnection, AbstractRobustConnection
from yarl import URL


def broker_nodes(amqp_url: str) -> tuple[str, ...]:
    """The node URLs in `amqp_url` (one, or several separated by commas), in order."""
    nodes = tuple(part.strip() for part in amqp_url.split(",") if part.strip())
    if not nodes:
        raise ValueError("HELPDESK_AMQP_URL names no broker")
    return nodes


class FailoverConnection(RobustConnection):
    """A robust connection that, on each (re)connection, tries every node once, starting with
    the one after the node it last used."""

    nodes: ClassVar[tuple[URL, ...]] = ()

    def __init__(self, url: URL, loop: asyncio.AbstractEventLoop | None = None, **kwargs: Any):
        super().__init__(url, loop=loop, **kwargs)
        self._next_node = 0

    async def _RobustConnection__connect_transport(self) -> None:  # noqa: N802
        # aio-pika's private step for one attempt (name-mangled), run once per node until one
        # answers; the last error only when none does.
        error: Exception | None = None
        for _ in range(max(len(self.nodes), 1)):
            if self.nodes:
                self.url = self.nodes[self._next_node % len(self.nodes)]
                self._next_node += 1
            try:
                await super()._RobustConnection__connect_transport()  # type: ignore[misc]
                return
            except Exception as failure:  # this node is gone: the next one
                error = failure
        assert error is not None
        raise error


def failover_connection_class(amqp_url: str) -> type[FailoverConnection]:
    """The connection class for aio-pika's `connect_robust` that cycles over the nodes."""
    nodes = tuple(URL(node) for node in broker_nodes(amqp_url))
    return type("FailoverConnection", (FailoverConnection,), {"nodes": nodes})


async def connect_robust_to_cluster(amqp_url: str, **options: Any) -> AbstractRobustConnection:
    """`aio_pika.connect_robust` on the first node that answers, moving on when it is lost."""
    connection = await aio_pika.connect_robust(
        broker_nodes(amqp_url)[0], connection_class=failover_connection_class(amqp_url), **options
    )
    return cast(AbstractRobustConnection, connection)


async def connect_to_any_node(amqp_url: str, *, timeout: float) -> AbstractConnection:
    """A plain connection to the first node that answers (the last error if none does)."""
    error: Exception | None = None
    for node in broker_nodes(amqp_url):
        try:
            return await aio_pika.connect(node, timeout=timeout)
        except Exception as failure:  # any connection failure: try the next node
            error = failure
    assert error is not None
    raise error
