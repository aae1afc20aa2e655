"""Each test run gets its own queue/exchange prefix and database names, removed at the end."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import aio_pika
from pymongo import AsyncMongoClient

from helpdesk_contracts.topology import (
    DEAD_LETTER_EXCHANGE,
    EVENTS_EXCHANGE,
    INBOUND_EXCHANGE,
    SUBSCRIPTIONS,
    Namespace,
    dead_letter_queue,
)
from helpdesk_runtime.broker import retry_queue
from helpdesk_runtime.settings import ServiceSettings
from tests.support.infrastructure import Infrastructure

TEST_RETRY_DELAYS_S = (0.2, 0.5)
"""Short broker delays so that retry tests finish quickly."""
TEST_INBOX_LEASE_S = 5.0
"""A killed process's claims block redeliveries this long; short so crash tests finish quickly."""


@dataclass
class IsolatedRun:
    """Names and settings of one isolated run against shared infrastructure."""

    infrastructure: Infrastructure
    tag: str = field(default_factory=lambda: f"t{uuid.uuid4().hex[:8]}")

    @property
    def namespace(self) -> str:
        return f"{self.tag}."

    @property
    def database(self) -> str:
        return f"hd_{self.tag}"

    def environment(self, **extra: str) -> dict[str, str]:
        """Environment variables for a service process of this run."""
        return {
            "HELPDESK_AMQP_URL": self.infrastructure.amqp_url,
            "HELPDESK_MONGO_URL": self.infrastructure.mongo_url,
            "HELPDESK_NAMESPACE": self.namespace,
            "HELPDESK_MONGO_DATABASE": self.database,
            "HELPDESK_RETRY_DELAYS_S": json.dumps(TEST_RETRY_DELAYS_S),
            "HELPDESK_INBOX_LEASE_S": str(TEST_INBOX_LEASE_S),
            **extra,
        }

    def settings(self, **overrides: Any) -> ServiceSettings:
        values: dict[str, Any] = {
            "amqp_url": self.infrastructure.amqp_url,
            "mongo_url": self.infrastructure.mongo_url,
            "namespace": self.namespace,
            "mongo_database": self.database,
            "retry_delays_s": TEST_RETRY_DELAYS_S,
            "inbox_lease_s": TEST_INBOX_LEASE_S,
        }
        return ServiceSettings(**{**values, **overrides})

    def queue_names(self) -> list[str]:
        """Every queue a run may declare: consumer, retry (default and test delays) and DLQs."""
        names = Namespace(self.namespace)
        queues = {names.name(s.queue) for s in SUBSCRIPTIONS}
        queues |= {names.name(dead_letter_queue(s.service)) for s in SUBSCRIPTIONS}
        delays = {*ServiceSettings.model_fields["retry_delays_s"].default, *TEST_RETRY_DELAYS_S}
        queues |= {
            retry_queue(names, s, d, replicated=replicated).name
            for s in SUBSCRIPTIONS
            for d in delays
            for replicated in (True, False)  # `.delay.` on a cluster, `.wait.` on one node
        }
        return sorted(queues)

    async def clean_up(self) -> None:
        """Delete this run's queues, exchanges and databases."""
        connection = await aio_pika.connect(self.infrastructure.amqp_url, timeout=10)
        async with connection:
            channel = await connection.channel()
            for name in self.queue_names():
                await channel.queue_delete(name)
            for exchange in (EVENTS_EXCHANGE, INBOUND_EXCHANGE, DEAD_LETTER_EXCHANGE):
                await channel.exchange_delete(self.namespace + exchange)
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(
            self.infrastructure.mongo_url
        )
        for name in await client.list_database_names():
            if name.startswith(self.database):
                await client.drop_database(name)
        await client.close()
