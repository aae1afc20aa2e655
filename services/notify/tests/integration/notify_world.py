"""What a notify integration test talks to and looks at (built by conftest's fixture)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aio_pika
import httpx
from pymongo import AsyncMongoClient

from helpdesk_contracts.envelope import Envelope
from services.notify.tests.integration.notify_fakes import CloudApiRecord, RecordingRelay
from tests.support.events import publish_event
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async

NOT_FINAL = ("retried", "busy")
"""Outcomes after which the delivery comes back: a retry, or a copy that waits for another."""


@dataclass
class NotifyWorld:
    """The running service and everything around it a test talks to or looks at."""

    run: IsolatedRun
    relay: RecordingRelay
    cloud: CloudApiRecord
    api: httpx.AsyncClient
    observed: aio_pika.abc.AbstractQueue
    published: int = 0

    async def publish(self, envelope: Envelope[Any]) -> None:
        await publish_event(self.run.infrastructure.amqp_url, self.run.namespace, envelope)
        self.published += 1

    async def whatsapp_window_opened(self, whatsapp_id: str) -> None:
        """notify recorded that this number wrote to us (its 24-hour window is open)."""
        client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
            self.run.infrastructure.mongo_url
        )
        windows = client[f"{self.run.database}_notify"]["whatsapp_windows"]

        async def recorded() -> bool:
            return await windows.find_one({"_id": whatsapp_id}) is not None

        try:
            await eventually_async(recorded, timeout=45, what=f"{whatsapp_id}'s window recorded")
        finally:
            await client.close()

    async def settled(self) -> None:
        """Every event published so far was consumed for good (applied, duplicate, ignored...).

        Retries and copies sent back while another copy is applied (`busy`) are not final; the
        queue's Prometheus counter tells when none is left."""

        async def all_final() -> bool:
            return await self.consumed() >= self.published

        await eventually_async(all_final, timeout=45, what=f"{self.published} events consumed")

    async def consumed(self) -> float:
        """Events consumed for good so far (the queues' Prometheus counters)."""
        metrics = (await self.api.get("/metrics")).text
        final = 0.0
        for line in metrics.splitlines():
            if line.startswith("helpdesk_messages_total{") and not any(
                f'outcome="{outcome}"' in line for outcome in NOT_FINAL
            ):
                final += float(line.rpartition(" ")[2])
        return final

    async def deliveries(self, ticket: int | str) -> list[dict[str, Any]]:
        response = await self.api.get("/v1/deliveries", params={"ticket": str(ticket)})
        response.raise_for_status()
        items: list[dict[str, Any]] = response.json()["items"]
        return items

    async def notify_event(self, event_type: str, delivery_key: str) -> dict[str, Any]:
        """The notify.* event published about a delivery (other events are dropped)."""

        async def take() -> dict[str, Any] | None:
            message = await self.observed.get(no_ack=True, fail=False)
            while message is not None:
                event: dict[str, Any] = json.loads(message.body)
                if event["type"] == event_type and event["payload"]["delivery_key"] == delivery_key:
                    return event
                message = await self.observed.get(no_ack=True, fail=False)
            return None

        return await eventually_async(take, timeout=45, what=f"{event_type} for {delivery_key}")
