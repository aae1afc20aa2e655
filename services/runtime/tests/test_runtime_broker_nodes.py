"""A service given several RabbitMQ node URLs works as long as one of them answers."""

from __future__ import annotations

from typing import Any

import pytest

from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_contracts.topology import SUBSCRIPTIONS, Namespace
from helpdesk_runtime.broker import consumer_queue, dead_letter_queue_for, retry_queue
from helpdesk_runtime.broker_nodes import broker_nodes
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings, delays_are_replicated
from tests.support.isolation import IsolatedRun
from tests.support.processes import free_port


def test_the_node_list_is_read_in_order() -> None:
    nodes = broker_nodes(" amqp://a:5672/ , amqp://b:5672/,amqp://c:5672/ ")
    assert nodes == ("amqp://a:5672/", "amqp://b:5672/", "amqp://c:5672/")
    with pytest.raises(ValueError, match="names no broker"):
        broker_nodes(" , ")


async def _noop(_: Any) -> None:
    return None


async def test_service_is_ready_when_the_first_listed_node_is_down(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    dead_node = f"amqp://guest:guest@127.0.0.1:{free_port()}/"
    nodes = f"{dead_node},{isolated_run.infrastructure.amqp_url}"
    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings(amqp_url=nodes))
    runtime.subscribe_events("ticket-events", {TicketCreated: _noop})

    await start_runtime(runtime)

    assert await runtime.readiness_problems() == []
    assert runtime.broker._connection is not None
    assert runtime.broker._connection.url.port != int(dead_node.rsplit(":", 1)[1].rstrip("/"))


def test_on_a_cluster_every_queue_a_service_declares_is_a_replicated_quorum_queue() -> None:
    """Nothing a service needs lives on one node only: consumer, delay (retry) and dead-letter
    queues are all quorum queues, so losing a cluster node loses no queue."""
    names = Namespace("t.")
    settings = ServiceSettings(amqp_url="amqp://a:5672/,amqp://b:5672/,amqp://c:5672/")
    replicated = delays_are_replicated(settings)
    for sub in SUBSCRIPTIONS:
        queues = [
            consumer_queue(names, sub, delivery_limit=5, binding="x"),
            dead_letter_queue_for(names, sub.service),
            *(
                retry_queue(names, sub, delay, replicated=replicated)
                for delay in settings.retry_delays_s
            ),
        ]
        for queue in queues:
            assert (queue.arguments or {}).get("x-queue-type") == "quorum", queue.name


def test_behind_one_address_delays_are_replicated_only_when_asked() -> None:
    one_node = ServiceSettings(amqp_url="amqp://rabbit:5672/")
    assert not delays_are_replicated(one_node)
    assert delays_are_replicated(one_node.model_copy(update={"replicated_delays": True}))
