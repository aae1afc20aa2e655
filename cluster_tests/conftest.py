"""The 3-node RabbitMQ cluster of deploy/cluster.py, and isolated runs on it (`make test-cluster`).

These tests are not part of `make test`: they start three more RabbitMQ nodes and kill them."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import aio_pika
import pytest

from deploy import cluster
from tests.support.infrastructure import BrokerControl, Infrastructure
from tests.support.isolation import IsolatedRun


@pytest.fixture(scope="session")
def cluster_url() -> str:
    """HELPDESK_AMQP_URL naming the three nodes (started here if `make cluster` has not)."""
    return cluster.up()


@pytest.fixture
def cluster_run(infrastructure: Infrastructure, cluster_url: str) -> Iterator[IsolatedRun]:
    """An isolated run whose test-side connections use node 3 (the tests never kill it)."""
    on_cluster = Infrastructure(
        cluster.node_url(3), infrastructure.mongo_url, BrokerControl(), "deploy/cluster.py"
    )
    run = IsolatedRun(on_cluster)
    yield run
    for node in cluster.NODES:
        cluster.start(node)  # a test that failed half-way may have left one down
    asyncio.run(clean_up(run))


async def clean_up(run: IsolatedRun) -> None:
    """The run's queues, exchanges and databases, and the spy queue a test declared."""
    connection = await aio_pika.connect(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        await (await connection.channel()).queue_delete(f"{run.namespace}spy.crash")
    await run.clean_up()
