"""One tickets service in the test's event loop on an isolated run (real broker, real database),
called over ASGI; intake events are published to the real broker."""

from __future__ import annotations

import json
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import aio_pika
import httpx
import pytest

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import MessageReceived
from helpdesk_runtime.service import ServiceRuntime
from tests.support.events import publish_event
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async
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
    seen: list[dict[str, Any]] = field(default_factory=list)

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

    async def events_for(self, number: int, minimum: int = 1) -> list[dict[str, Any]]:
        """Every ticket.* event about ticket `number` seen so far, once at least `minimum`."""

        def about() -> list[dict[str, Any]]:
            return [e for e in self.seen if e["payload"]["ticket"]["number"] == number]

        connection = await aio_pika.connect(self.run.infrastructure.amqp_url)
        async with connection:
            queue = await (await connection.channel()).get_queue(self.spy_queue)

            async def drain() -> bool:
                while (message := await queue.get(no_ack=True, fail=False)) is not None:
                    self.seen.append(json.loads(message.body))
                return len(about()) >= minimum

            await eventually_async(drain, timeout=20, what=f"{minimum} events of #{number}")
        return about()


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
    return name


@pytest.fixture(scope="session")
async def tickets(infrastructure: Infrastructure) -> AsyncIterator[TicketsUnderTest]:
    run = IsolatedRun(infrastructure)
    settings = TicketsSettings(**{**run.settings().model_dump(), "outbox_poll_s": 0.2})
    app = build_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    spy = await _declare_spy(run)
    await runtime.start()

    async def started() -> bool:
        return runtime.started

    await eventually_async(started, timeout=120, what="tickets runtime started")
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://tickets") as client:
        yield TicketsUnderTest(run, app.state.tickets, client, spy)
    await runtime.stop()
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    async with connection:
        await (await connection.channel()).queue_delete(spy)
    await run.clean_up()


Auth = Callable[[str], dict[str, str]]


@pytest.fixture
def bearer() -> Auth:
    return lambda token: {"Authorization": f"Bearer {token}"}
