"""One tickets service in the test's event loop on an isolated run (real broker, real database),
called over ASGI and served over real HTTP on loopback (`url`, where magic links point, for the
"Meus chamados" pages); intake events are published to the real broker."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlparse

import aio_pika
import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import MessageReceived
from helpdesk_runtime.service import ServiceRuntime
from tests.support.events import publish_event
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async, free_port
from tickets.adapters.records import TicketRecord
from tickets.app import build_app
from tickets.domain.agents import AgentRole
from tickets.service import Dependencies
from tickets.settings import TicketsSettings


@dataclass
class TicketsUnderTest:
    run: IsolatedRun
    deps: Dependencies
    client: httpx.AsyncClient
    spy_queue: str
    url: str  # the same app over HTTP on loopback
    seen: list[dict[str, Any]] = field(default_factory=list)
    customer_events: list[dict[str, Any]] = field(default_factory=list)

    async def token(
        self, role: AgentRole = AgentRole.AGENT, *, group_ids: tuple[str, ...] = ()
    ) -> tuple[str, str]:
        """A new agent with `role` and a bearer token: (agent id, token)."""
        agent = await self.deps.staff.add_agent(
            name=f"Agente {uuid.uuid4().hex[:4]}", role=role, group_ids=group_ids
        )
        return agent.id, await self.deps.staff.issue_token(agent)

    async def publish(self, **fields: Any) -> Envelope[MessageReceived]:
        """An intake.message.received event; defaults make a new email from a new sender."""
        values: dict[str, Any] = {
            "inbound_id": f"in-{uuid.uuid4().hex}",
            "channel": "email",
            "received_at": datetime.now(UTC),
            "sender": Person(name="Ana", email=f"ana.{uuid.uuid4().hex[:8]}@example.com.br"),
            "subject": "Boleto não chegou",
            "text": "O boleto de março não chegou.",
        }
        values.update(fields)
        envelope = new_envelope(MessageReceived(**values), producer="intake")
        await publish_event(self.run.infrastructure.amqp_url, self.run.namespace, envelope)
        return envelope

    async def ticket_holding(self, inbound_id: str) -> TicketRecord:
        async def stored() -> TicketRecord | None:
            return await self.deps.tickets.holding_source(inbound_id)

        return await eventually_async(stored, timeout=20, what=f"ticket with {inbound_id}")

    async def sign_in(self, email: str, **headers: str) -> dict[str, str]:
        """Ask for a magic link, follow the one sent (as notify mails it), use the token."""
        sent = len(await self.magic_links_to(email, minimum=0))
        asked = await self.client.post(
            "/v1/customer/magic-link", json={"email": email}, headers=headers
        )
        assert asked.status_code == 202
        link = (await self.magic_links_to(email, minimum=sent + 1))[-1]["link"]
        session = await self.client.post("/v1/customer/sessions", json={"code": link_code(link)})
        assert session.status_code == 200, session.text
        return {"Authorization": f"Bearer {session.json()['token']}"}

    async def magic_links_to(self, email: str, minimum: int = 1) -> list[dict[str, Any]]:
        """Every customer.magic_link_requested event for `email` so far, once at least
        `minimum` (what notify would mail)."""

        def to_address() -> list[dict[str, Any]]:
            return [
                e["payload"] for e in self.customer_events if e["payload"]["email"] == email.lower()
            ]

        await self._drain(f"{self.spy_queue}.customers", self.customer_events, to_address, minimum)
        return to_address()

    async def _drain(
        self,
        queue_name: str,
        into: list[dict[str, Any]],
        matching: Callable[[], list[dict[str, Any]]],
        minimum: int,
    ) -> None:
        connection = await aio_pika.connect(self.run.infrastructure.amqp_url)
        async with connection:
            queue = await (await connection.channel()).get_queue(queue_name)

            async def drain() -> bool:
                while (message := await queue.get(no_ack=True, fail=False)) is not None:
                    into.append(json.loads(message.body))
                return len(matching()) >= minimum

            await eventually_async(drain, timeout=20, what=f"{minimum} events on {queue_name}")

    async def events_for(self, number: int, minimum: int = 1) -> list[dict[str, Any]]:
        """Every ticket.* event about ticket `number` seen so far, once at least `minimum`."""

        def about() -> list[dict[str, Any]]:
            return [e for e in self.seen if e["payload"].get("ticket", {}).get("number") == number]

        await self._drain(self.spy_queue, self.seen, about, minimum)
        return about()

    async def failures_for(self, inbound_id: str) -> list[dict[str, Any]]:
        """The ticket.inbound_failed events about `inbound_id`, once there is one."""

        def about() -> list[dict[str, Any]]:
            failed = (e for e in self.seen if e["type"] == "ticket.inbound_failed")
            return [e for e in failed if e["payload"]["inbound_id"] == inbound_id]

        await self._drain(self.spy_queue, self.seen, about, 1)
        return about()


def link_code(link: str) -> str:
    return parse_qs(urlparse(link).query)["code"][0]


async def _declare_spy(run: IsolatedRun) -> str:
    name = f"{run.namespace}spy.tickets"
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            f"{run.namespace}helpdesk.events", aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(name, auto_delete=False)
        await queue.bind(exchange, routing_key="ticket.#")
        customers = await channel.declare_queue(f"{name}.customers", auto_delete=False)
        await customers.bind(exchange, routing_key="customer.#")
    return name


@asynccontextmanager
async def _served_over_http(app: FastAPI, url: str) -> AsyncIterator[None]:
    """Uvicorn on loopback in this event loop (the runtime is already started: no lifespan)."""
    port = int(url.rsplit(":", 1)[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    serving = asyncio.create_task(server.serve())

    async def listening() -> bool:
        if serving.done():
            serving.result()  # raise why it stopped
        return server.started

    await eventually_async(listening, timeout=20, what=f"tickets listening on {url}")
    try:
        yield
    finally:
        server.should_exit = True
        await serving


@pytest.fixture(scope="session")
async def tickets(infrastructure: Infrastructure) -> AsyncIterator[TicketsUnderTest]:
    run = IsolatedRun(infrastructure)
    url = f"http://127.0.0.1:{free_port()}"
    settings = TicketsSettings(
        **{
            **run.settings().model_dump(),
            "outbox_poll_s": 0.2,
            "customer_portal_url": f"{url}/meus-chamados",
        }
    )
    app = build_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    spy = await _declare_spy(run)
    await runtime.start()

    async def started() -> bool:
        return runtime.started

    await eventually_async(started, timeout=120, what="tickets runtime started")
    transport = httpx.ASGITransport(app=app)
    async with (
        _served_over_http(app, url),
        httpx.AsyncClient(transport=transport, base_url="http://tickets") as client,
    ):
        yield TicketsUnderTest(run, app.state.tickets, client, spy, url)
    await runtime.stop()
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel()
        for queue in (spy, f"{spy}.customers"):
            await channel.queue_delete(queue)
    await run.clean_up()


Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def bearer() -> Auth:
    return lambda token: {"Authorization": f"Bearer {token}"}
