"""Subscribing a service to its queue: contract validation, idempotency, retries, dead letters."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from faststream.message import StreamMessage
from faststream.middlewares import AckPolicy
from faststream.rabbit import RabbitBroker
from prometheus_client import CollectorRegistry, Counter

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.inbound import REJECTION_HEADER
from helpdesk_contracts.topology import DEAD_LETTER_EXCHANGE, Subscription, dead_letter_queue
from helpdesk_runtime.broker import consumer_queue, retry_queue, topic_exchange
from helpdesk_runtime.delivery import (
    ATTEMPT_HEADER,
    LAST_ERROR_HEADER,
    ORIGINAL_ROUTING_KEY,
    Delivery,
    Rejected,
)
from helpdesk_runtime.inbox import EventInProgress
from helpdesk_runtime.publisher import EventPublisher
from helpdesk_runtime.settings import ServiceSettings, delays_are_replicated

DeliveryHandler = Callable[[Delivery], Awaitable[str]]
EventHandler = Callable[[Envelope[Any]], Awaitable[None]]
GiveUpHandler = Callable[[Delivery, str], Awaitable[None]]
"""Told (delivery, reason) before a delivery goes to the dead-letter queue, so the sender can
learn that nothing will come of it; if it raises, the delivery is retried instead."""
log = structlog.get_logger(__name__)


def message_counter(registry: CollectorRegistry) -> Counter:
    return Counter(
        "helpdesk_messages",
        "Deliveries handled, by queue and outcome",
        ["queue", "outcome"],
        registry=registry,
    )


async def _as_delivery(message: StreamMessage[Any]) -> Delivery:
    """The delivery as handlers see it, body untouched: a body labelled application/json that is
    not JSON must reach the handler (and be rejected with a reason), not fail inside FastStream.
    Built here rather than injected as a `RabbitMessage` parameter: FastStream resolves that
    injection with a synchronous function in a worker thread, one thread hop per delivery."""
    headers = dict(message.headers or {})
    return Delivery(
        routing_key=str(headers.get(ORIGINAL_ROUTING_KEY) or message.raw_message.routing_key or ""),
        body=message.body,
        headers=headers,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        content_type=message.content_type,
    )


class QueueConsumer:
    """One subscription's queue with the service's retry tiers and dead-letter queue."""

    def __init__(
        self,
        *,
        broker: RabbitBroker,
        publisher: EventPublisher,
        settings: ServiceSettings,
        subscription: Subscription,
        handle: DeliveryHandler,
        counter: Counter,
        on_give_up: GiveUpHandler | None = None,
    ) -> None:
        self.subscription = subscription
        self._on_give_up = on_give_up
        self._broker = broker
        self._publisher = publisher
        self._settings = settings
        self._handle = handle
        self._counter = counter
        self._by_outcome: dict[str, Any] = {}
        names = settings.names
        self.queue = consumer_queue(
            names,
            subscription,
            delivery_limit=settings.delivery_limit,
            binding=subscription.bindings[0],
        )
        self.exchange = topic_exchange(names, subscription.exchange)
        replicated = delays_are_replicated(settings)
        self._retry_queues = [
            retry_queue(names, subscription, d, replicated=replicated)
            for d in settings.retry_delays_s
        ]
        subscriber = broker.subscriber(
            self.queue,
            self.exchange,
            ack_policy=AckPolicy.NACK_ON_ERROR,
            title=self.queue.name,
            decoder=_as_delivery,
        )
        subscriber(self._on_message)

    async def declare_extras(self) -> None:
        """Bindings beyond the first, and the retry queues (declared once the broker is up)."""
        queue = await self._broker.declare_queue(self.queue)
        exchange = await self._broker.declare_exchange(self.exchange)
        for binding in self.subscription.bindings[1:]:
            await queue.bind(exchange, routing_key=binding)
        for tier in self._retry_queues:
            await self._broker.declare_queue(tier)

    async def _on_message(self, delivery: Any) -> None:
        """`delivery` is what `_as_delivery` built. Each delivery runs in a task of its own (aiormq
        starts one per delivery) with its own copy of the log context, so what is bound here
        and by the dispatcher ends with it and needs no unbinding."""
        structlog.contextvars.bind_contextvars(
            queue=self.queue.name, routing_key=delivery.routing_key, attempt=delivery.attempt
        )
        outcome = await self._outcome(delivery)
        self._counted(outcome).inc()

    def _counted(self, outcome: str) -> Any:
        """The counter of `outcome` on this queue (looked up once: `labels` takes a lock)."""
        if (child := self._by_outcome.get(outcome)) is None:
            child = self._counter.labels(queue=self.subscription.queue, outcome=outcome)
            self._by_outcome[outcome] = child
        return child

    async def _outcome(self, delivery: Delivery) -> str:
        try:
            outcome = await self._handle(delivery)
        except Rejected as rejection:
            await self._dead_letter(delivery, rejection.reason)
            return "rejected"
        except EventInProgress as busy:
            # Not a failure: wait for the other copy without using up this delivery's attempts.
            await self._retry_later(delivery, str(busy), attempt=delivery.attempt)
            return "busy"
        except Exception as error:  # transient until proven otherwise: retried through the broker
            return await self._retry_or_give_up(delivery, error)
        log.debug("message handled", outcome=outcome)
        return outcome

    async def _retry_or_give_up(self, delivery: Delivery, error: Exception) -> str:
        reason = f"{type(error).__name__}: {error}"[:500]
        if delivery.attempt > len(self._retry_queues):
            await self._dead_letter(
                delivery, f"gave up after {delivery.attempt} attempts: {reason}"
            )
            return "dead_lettered"
        log.warning("message failed, retrying later", error=reason)
        await self._retry_later(delivery, reason, attempt=delivery.attempt + 1)
        return "retried"

    async def _retry_later(self, delivery: Delivery, reason: str, *, attempt: int) -> None:
        """Park a copy in the delay queue of this attempt; the broker brings it back."""
        tier = self._retry_queues[min(delivery.attempt, len(self._retry_queues)) - 1]
        headers = {
            **delivery.headers,
            ORIGINAL_ROUTING_KEY: delivery.routing_key,
            ATTEMPT_HEADER: attempt,
            LAST_ERROR_HEADER: reason,
        }
        await self._publish_copy(delivery, exchange="", routing_key=tier.name, headers=headers)

    async def _dead_letter(self, delivery: Delivery, reason: str) -> None:
        log.error("message rejected to the dead-letter queue", reason=reason)
        if self._on_give_up is not None:
            await self._on_give_up(delivery, reason)
        names = self._settings.names
        headers = {
            **delivery.headers,
            ORIGINAL_ROUTING_KEY: delivery.routing_key,
            REJECTION_HEADER: reason,
        }
        await self._publish_copy(
            delivery,
            exchange=names.name(DEAD_LETTER_EXCHANGE),
            routing_key=names.name(dead_letter_queue(self.subscription.service)),
            headers=headers,
        )

    async def _publish_copy(
        self, delivery: Delivery, *, exchange: str, routing_key: str, headers: dict[str, Any]
    ) -> None:
        await self._publisher.publish_raw(
            delivery.body,
            exchange=exchange,
            routing_key=routing_key,
            headers=headers,
            content_type=delivery.content_type,
            message_id=delivery.message_id,
            correlation_id=delivery.correlation_id,
        )
