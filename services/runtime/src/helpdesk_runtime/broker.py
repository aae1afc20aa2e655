"""RabbitMQ wiring: the broker with publisher confirms, and the declared exchanges and queues."""

from __future__ import annotations

import logging

from faststream.rabbit import (
    Channel,
    ExchangeType,
    QueueType,
    RabbitBroker,
    RabbitExchange,
    RabbitQueue,
)
from faststream.rabbit.schemas.queue import ClassicQueueArgs, QuorumQueueArgs

from helpdesk_contracts.topology import (
    DEAD_LETTER_EXCHANGE,
    Namespace,
    Subscription,
    dead_letter_queue,
)
from helpdesk_runtime.broker_nodes import broker_nodes, failover_connection_class
from helpdesk_runtime.settings import ServiceSettings


def build_broker(settings: ServiceSettings, *, service: str) -> RabbitBroker:
    """A broker whose channel confirms every publish and bounds unacknowledged deliveries; with
    several node URLs it connects to the first that answers and moves on when that one is lost."""
    broker = RabbitBroker(
        broker_nodes(settings.amqp_url)[0],
        default_channel=Channel(prefetch_count=settings.prefetch, publisher_confirms=True),
        graceful_timeout=settings.graceful_timeout_s,
        reconnect_interval=1.0,
        app_id=service,
        logger=logging.getLogger(f"{service}.broker"),
        # FastStream's "Received" and "Processed" lines: two per delivery, so not above debug.
        log_level=logging.DEBUG,
        # Per delivery, FastStream's dependency injection and its Prometheus middleware (three
        # metrics and a histogram observed per message) cost more CPU than the broker's own
        # work: handlers take the `Delivery` the consumer's decoder builds, and
        # `helpdesk_messages_total` (by queue and outcome) counts what operators watch.
        apply_types=False,
    )
    # FastStream hands these to aio_pika.connect_robust and has no parameter for the class.
    broker._connection_kwargs["connection_class"] = failover_connection_class(settings.amqp_url)
    return broker


def topic_exchange(names: Namespace, base: str) -> RabbitExchange:
    return RabbitExchange(names.name(base), type=ExchangeType.TOPIC, durable=True)


def dead_letter_exchange(names: Namespace) -> RabbitExchange:
    return RabbitExchange(names.name(DEAD_LETTER_EXCHANGE), type=ExchangeType.DIRECT, durable=True)


def consumer_queue(
    names: Namespace, subscription: Subscription, *, delivery_limit: int, binding: str
) -> RabbitQueue:
    """The durable quorum queue of one subscription, dead-lettering into its service's DLQ."""
    arguments: QuorumQueueArgs = {
        "x-dead-letter-exchange": names.name(DEAD_LETTER_EXCHANGE),
        "x-dead-letter-routing-key": names.name(dead_letter_queue(subscription.service)),
        "x-delivery-limit": delivery_limit,
    }
    return RabbitQueue(
        names.name(subscription.queue),
        queue_type=QueueType.QUORUM,
        durable=True,
        arguments=arguments,
        routing_key=binding,
    )


def retry_queue(
    names: Namespace, subscription: Subscription, delay_s: float, *, replicated: bool = True
) -> RabbitQueue:
    """A holding queue: messages wait `delay_s`, then dead-letter back to the consumer queue.

    `replicated`: a quorum queue like every other (a waiting retry survives the loss of a
    cluster node), dead-lettering at least once, named `.delay.`. On a single broker node that
    replicates nothing and costs one Raft cluster per delay tier of every queue (RabbitMQ 3.10
    stalled under the churn of the test suite's per-run namespaces), so there it is a durable
    classic queue named `.wait.` (a queue's type cannot change in place)."""
    ttl = int(delay_s * 1000)
    if not replicated:
        waiting: ClassicQueueArgs = {
            "x-message-ttl": ttl,
            "x-dead-letter-exchange": "",
            "x-dead-letter-routing-key": names.name(subscription.queue),
        }
        return RabbitQueue(
            names.name(f"{subscription.queue}.wait.{ttl}ms"), durable=True, arguments=waiting
        )
    arguments: QuorumQueueArgs = {
        "x-message-ttl": ttl,
        "x-dead-letter-exchange": "",
        "x-dead-letter-routing-key": names.name(subscription.queue),
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }
    return RabbitQueue(
        names.name(f"{subscription.queue}.delay.{ttl}ms"),
        queue_type=QueueType.QUORUM,
        durable=True,
        arguments=arguments,
    )


def dead_letter_queue_for(names: Namespace, service: str) -> RabbitQueue:
    name = names.name(dead_letter_queue(service))
    return RabbitQueue(name, queue_type=QueueType.QUORUM, durable=True, routing_key=name)


async def declare_dead_letters(broker: RabbitBroker, names: Namespace, service: str) -> None:
    """Declare the service's DLQ and bind it to the dead-letter exchange under its own name."""
    exchange = await broker.declare_exchange(dead_letter_exchange(names))
    queue = await broker.declare_queue(dead_letter_queue_for(names, service))
    await queue.bind(exchange, routing_key=queue.name)
