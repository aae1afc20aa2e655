"""Staff tokens checked on a service's own copy of the staff directory (real broker, real
database): accepted once announced, refused once revoked or deactivated, roles enforced."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aio_pika
import httpx
import pytest
from fastapi import APIRouter, Depends
from prometheus_client import generate_latest

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.staff_access import staff_access
from helpdesk_runtime.staff_directory import (
    StaffCredential,
    StaffDirectory,
    follow_staff_directory,
)
from tests.support.amqp import get_message
from tests.support.events import publish_event
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async, metric_value
from tests.support.staff import staff_member


@dataclass
class Verifier:
    """The sla service's runtime following the staff directory."""

    run: IsolatedRun
    runtime: ServiceRuntime
    directory: StaffDirectory

    async def announce(self, *envelopes: Envelope[Any]) -> None:
        for envelope in envelopes:
            await publish_event(self.run.infrastructure.amqp_url, self.run.namespace, envelope)

    async def accepted(self, token: str) -> StaffCredential:
        async def check() -> StaffCredential | None:
            return await self.directory.verify(token)

        return await eventually_async(check, timeout=20, what="the token accepted")

    async def refused(self, token: str) -> None:
        async def check() -> bool:
            return await self.directory.verify(token) is None

        await eventually_async(check, timeout=20, what="the token refused")

    async def applied(self, count: int) -> None:
        async def check() -> bool:
            metrics = generate_latest(self.runtime.registry).decode()
            done = metric_value(
                metrics, "helpdesk_messages_total", queue="sla.staff-directory", outcome="applied"
            )
            return done >= count

        await eventually_async(check, timeout=20, what=f"{count} snapshots applied")


@pytest.fixture
async def sla(isolated_run: IsolatedRun, start_runtime: Any) -> Verifier:
    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    directory = follow_staff_directory(runtime)
    return Verifier(isolated_run, await start_runtime(runtime), directory)


async def test_a_token_works_once_announced_and_stops_when_revoked_even_if_old_news_repeats(
    sla: Verifier,
) -> None:
    carla = staff_member("Carla Lima", role="leader", groups=("billing",), email="c@example.com")

    await sla.announce(carla.snapshot(revision=1))
    assert await sla.accepted(carla.token) == StaffCredential(
        agent_id=carla.agent_id,
        name="Carla Lima",
        role="leader",
        groups=("billing",),
        email="c@example.com",
    )

    await sla.announce(carla.snapshot(revision=2, revoked=True))
    await sla.refused(carla.token)
    await sla.announce(carla.snapshot(revision=1))  # a late copy of the older snapshot
    await sla.applied(3)
    assert await sla.directory.verify(carla.token) is None


async def test_deactivated_members_and_forged_or_malformed_tokens_are_refused(
    sla: Verifier,
) -> None:
    diego, rita = staff_member("Diego"), staff_member("Rita")
    await sla.announce(diego.snapshot(), rita.snapshot())
    await sla.accepted(diego.token)
    await sla.accepted(rita.token)

    await sla.announce(diego.snapshot(revision=2, active=False))
    await sla.refused(diego.token)

    forged = rita.token.rsplit(".", 1)[0] + ".guessed-secret"
    other_agent = rita.token.replace(rita.agent_id, diego.agent_id)
    for token in (forged, other_agent, "", "hd1", "hd_old-style-token", "x" * 5000):
        assert await sla.directory.verify(token) is None, token
    assert await sla.directory.verify(rita.token) is not None


async def test_a_service_asks_tickets_for_the_whole_directory_when_it_starts(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    spy = f"{isolated_run.namespace}spy.staff-requests"
    connection = await aio_pika.connect(isolated_run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            isolated_run.namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(spy, exclusive=False, auto_delete=True)
        await queue.bind(exchange, routing_key="staff.directory_requested.v1")
        runtime = ServiceRuntime(service="notify", settings=isolated_run.settings())
        follow_staff_directory(runtime)
        await start_runtime(runtime)

        request = await get_message(isolated_run.infrastructure.amqp_url, spy)

    assert json.loads(request.body)["payload"] == {"service": "notify"}


async def test_staff_routes_refuse_with_problem_json_in_the_callers_language(
    sla: Verifier,
) -> None:
    admin, agent = staff_member("Marta", role="admin"), staff_member("Bruna", role="agent")
    await sla.announce(admin.snapshot(), agent.snapshot())
    await sla.accepted(admin.token)
    await sla.accepted(agent.token)
    router = APIRouter()
    admins_only = Depends(staff_access(sla.directory, "admin"))

    @router.put("/v1/config")
    async def replace(who: StaffCredential = admins_only) -> dict[str, str]:
        return {"by": who.agent_id}

    app = create_app(sla.runtime, title="sla", routers=[router])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sla") as api:
        anonymous = await api.put("/v1/config")
        too_low = await api.put("/v1/config", headers=agent.bearer)
        in_english = await api.put(
            "/v1/config", headers={**agent.bearer, "Accept-Language": "en-US,en;q=0.9"}
        )
        allowed = await api.put("/v1/config", headers=admin.bearer)

    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"] == "application/problem+json"
    assert anonymous.headers["www-authenticate"] == "Bearer"
    assert anonymous.json()["detail"] == "Envie um token válido em «Authorization: Bearer <token>»."
    assert too_low.status_code == 403
    assert too_low.json()["detail"] == "Esta ação exige o papel «admin» ou superior."
    assert in_english.json()["detail"] == "This action needs the «admin» role or higher."
    assert allowed.status_code == 200
    assert allowed.json() == {"by": admin.agent_id}
