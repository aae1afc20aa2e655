"""The runtime of one service: broker, database, consumers, outbox relays and their lifecycle."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine, Mapping
from datetime import timedelta
from typing import Any

import structlog
from prometheus_client import CollectorRegistry
from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.topology import subscription
from helpdesk_runtime.broker import build_broker, declare_dead_letters
from helpdesk_runtime.consumer import (
    DeliveryHandler,
    EventHandler,
    GiveUpHandler,
    QueueConsumer,
    message_counter,
)
from helpdesk_runtime.database import Document, connect_mongo, database_reachable
from helpdesk_runtime.event_dispatch import event_dispatcher
from helpdesk_runtime.health import QueueConsumersProbe
from helpdesk_runtime.inbox import Inbox
from helpdesk_runtime.outbox import ensure_outbox_index
from helpdesk_runtime.outbox_relay import OutboxRelay
from helpdesk_runtime.publisher import EventPublisher
from helpdesk_runtime.settings import ServiceSettings

Hook = Callable[[], Coroutine[Any, Any, None]]
log = structlog.get_logger(__name__)


class ServiceRuntime:
    """Everything a service needs at run time; entrypoints register on it before `start`."""

    def __init__(self, *, service: str, settings: ServiceSettings) -> None:
        self.service = service
        self.settings = settings
        self.registry = CollectorRegistry()
        self.broker = build_broker(settings, service=service)
        self.publisher = EventPublisher(
            self.broker, settings.names, confirm_timeout_s=settings.publish_confirm_timeout_s
        )
        self.mongo = connect_mongo(settings.mongo_url)
        self.db = self.mongo[settings.database_name(service)]
        self.inbox = Inbox(
            self.db,
            lease=timedelta(seconds=settings.inbox_lease_s),
            retention=timedelta(days=settings.inbox_retention_days),
        )
        self._counter = message_counter(self.registry)
        self._consumers: list[QueueConsumer] = []
        self._relays: list[tuple[AsyncCollection[Document], OutboxRelay]] = []
        self._startup: list[Hook] = [self.inbox.ensure_indexes]
        self._background: list[Hook] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._booted = asyncio.Event()
        self._boot_error = "starting"
        self._probe = QueueConsumersProbe(
            settings.amqp_url, lambda: [c.queue.name for c in self._consumers]
        )

    def subscribe_events(
        self,
        purpose: str,
        handlers: Mapping[type[EventPayload], EventHandler],
        *,
        on_give_up: GiveUpHandler | None = None,
        handlers_apply_once: bool = False,
    ) -> None:
        """Consume contract events on this service's `<service>.<purpose>` queue, once each;
        `on_give_up` hears of every delivery about to be dead-lettered. `handlers_apply_once`:
        the handlers' own writes record each applied event and skip its copies, so the inbox
        (a claim and an applied mark per event) is not written."""
        queue = subscription(self.service, purpose).queue
        inbox = None if handlers_apply_once else self.inbox
        dispatch = event_dispatcher(handlers, inbox=inbox, queue=queue)
        self.subscribe_deliveries(purpose, dispatch, on_give_up=on_give_up)

    def subscribe_deliveries(
        self, purpose: str, handle: DeliveryHandler, *, on_give_up: GiveUpHandler | None = None
    ) -> None:
        """Consume raw deliveries (for messages that are not contract events)."""
        self._consumers.append(
            QueueConsumer(
                broker=self.broker,
                publisher=self.publisher,
                settings=self.settings,
                subscription=subscription(self.service, purpose),
                handle=handle,
                counter=self._counter,
                on_give_up=on_give_up,
            )
        )

    def outbox_relay(self, collection: AsyncCollection[Document]) -> OutboxRelay:
        """A relay publishing the pending events stored in `collection`'s documents."""
        relay = OutboxRelay(
            collection=collection,
            publisher=self.publisher,
            poll_s=self.settings.outbox_poll_s,
            lease_s=self.settings.outbox_lease_s,
        )
        self._relays.append((collection, relay))
        return relay

    def on_startup(self, hook: Hook) -> None:
        """Run before consuming starts (index creation, loading configuration)."""
        self._startup.append(hook)

    def in_background(self, loop: Hook) -> None:
        """A long-running task started once the broker is up and cancelled at shutdown."""
        self._background.append(loop)

    async def start(self) -> None:
        self._tasks.append(asyncio.create_task(self._boot(), name=f"{self.service}-boot"))

    @property
    def started(self) -> bool:
        """True once the broker is up and every consumer and relay runs."""
        return self._booted.is_set()

    async def _boot(self) -> None:
        delay = 0.5
        while True:
            try:
                await self._boot_once()
            except Exception as error:  # dependencies not up yet: try again with backoff
                self._boot_error = f"starting: {type(error).__name__}: {error}"[:300]
                log.warning("start-up waiting for dependencies", error=self._boot_error)
                await asyncio.sleep(delay)
                delay = min(delay * 2, 5.0)
                continue
            break
        for relay_collection, relay in self._relays:
            await ensure_outbox_index(relay_collection)
            self._tasks.append(asyncio.create_task(relay.run()))
        for loop in self._background:
            self._tasks.append(asyncio.create_task(loop()))
        self._booted.set()
        log.info("service started", queues=[c.queue.name for c in self._consumers])

    async def _boot_once(self) -> None:
        for hook in self._startup:
            await hook()
        await self.broker.start()
        await declare_dead_letters(self.broker, self.settings.names, self.service)
        for consumer in self._consumers:
            await consumer.declare_extras()

    async def stop(self) -> None:
        """Stop taking work, let in-flight messages finish, then close connections."""
        for task in reversed(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.wait(self._tasks, timeout=5)
        # Bounded: a broker that vanished mid-shutdown must not keep the process alive.
        closings = (
            self.broker.stop(),
            self.inbox.settle(timeout_s=self.settings.graceful_timeout_s),
            self._probe.close(),
            self.mongo.close(),
        )
        for closing in closings:
            try:
                async with asyncio.timeout(self.settings.graceful_timeout_s + 5):
                    await closing
            except Exception as error:  # shutting down: report and carry on closing the rest
                log.warning("shutdown step did not finish", error=repr(error)[:300])

    async def readiness_problems(self) -> list[str]:
        """Why the service cannot do its work right now; empty when ready."""
        if not self._booted.is_set():
            return [self._boot_error]
        problems: list[str] = []
        if reason := await database_reachable(self.db):
            problems.append(reason)
        problems.extend(await self._probe.problems())
        return problems
