"""The notify service running in the test's event loop against the real broker and database,
with a real SMTP relay and a real HTTP server playing the WhatsApp Cloud API on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aio_pika
import httpx
import pytest
from fastapi import FastAPI

from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.service import ServiceRuntime
from notify.app import build_app
from notify.settings import NotifySettings
from services.notify.tests.integration.notify_fakes import (
    PHONE_NUMBER_ID,
    TOKEN,
    CloudApiServer,
    SmtpServer,
)
from services.notify.tests.integration.notify_world import NotifyWorld
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import TEST_RETRY_DELAYS_S, IsolatedRun
from tests.support.processes import eventually_async
from tests.support.staff import announce_staff, staff_member

STAFF = staff_member("Nina Supervisora", role="leader")
TEMPLATES = {"ticket_created": "ticket_opened_v2", "status_changed": "ticket_status_v1"}


@pytest.fixture(scope="module")
async def notify_world(infrastructure: Infrastructure) -> AsyncIterator[NotifyWorld]:
    async with running_notify(infrastructure) as world:
        yield world


@asynccontextmanager
async def running_notify(
    infrastructure: Infrastructure, **extra: Any
) -> AsyncIterator[NotifyWorld]:
    """A notify service of its own run (queues, database), with settings ``extra`` changed."""
    run = IsolatedRun(infrastructure)
    with SmtpServer() as smtp, CloudApiServer() as cloud:
        settings = NotifySettings(
            amqp_url=infrastructure.amqp_url,
            mongo_url=infrastructure.mongo_url,
            namespace=run.namespace,
            mongo_database=run.database,
            retry_delays_s=TEST_RETRY_DELAYS_S,
            outbox_poll_s=0.2,
            brand="Acme",
            mail_domain="acme.com.br",
            smtp_host="127.0.0.1",
            smtp_port=smtp.port,
            whatsapp_base_url=cloud.base_url,
            whatsapp_phone_number_id=PHONE_NUMBER_ID,
            whatsapp_token=TOKEN,
            whatsapp_templates=TEMPLATES,
            **extra,
        )
        app = build_app(settings)
        async with app.router.lifespan_context(app):
            await eventually_async(_started(app), timeout=90, what="notify started")
            await announce_staff(infrastructure.amqp_url, run.namespace, STAFF)
            async with _Observer(run) as queue:
                transport = httpx.ASGITransport(app=app)
                async with httpx.AsyncClient(
                    transport=transport, base_url="http://notify", headers=STAFF.bearer
                ) as api:
                    await eventually_async(_staff_known(api), what="the staff member known")
                    yield NotifyWorld(run, smtp.relay, cloud.record, api, queue)
    await run.clean_up()


def _started(app: FastAPI) -> Any:
    runtime: ServiceRuntime = app.state.runtime

    async def check() -> bool:
        return runtime.started

    return check


def _staff_known(api: httpx.AsyncClient) -> Any:
    async def check() -> bool:
        answer = await api.get("/v1/deliveries", params={"ticket": "1"})
        return answer.status_code == 200

    return check


class _Observer:
    """An exclusive queue receiving every notify.* event of this run."""

    def __init__(self, run: IsolatedRun) -> None:
        self._run = run
        self._connection: aio_pika.abc.AbstractConnection | None = None

    async def __aenter__(self) -> aio_pika.abc.AbstractQueue:
        self._connection = await aio_pika.connect(self._run.infrastructure.amqp_url)
        channel = await self._connection.channel()
        exchange = await channel.get_exchange(self._run.namespace + EVENTS_EXCHANGE)
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, routing_key="notify.#")
        return queue

    async def __aexit__(self, *_: object) -> None:
        if self._connection is not None:
            await self._connection.close()
