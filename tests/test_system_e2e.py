"""All five services as separate processes against the real broker and database."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable, Iterator

import httpx
import pytest
import websockets

from tests.journeys.system import admin_command
from tests.support.events import publish_event, ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, metric_value, services_running

SERVICES = ("intake", "tickets", "chat", "sla", "notify")
REVOKED_WITHIN_S = 15
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def system(
    test_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, ServiceProcess]]:
    logs = tmp_path_factory.mktemp("service-logs")
    processes = {name: ServiceProcess(name, test_run.environment(), logs) for name in SERVICES}
    with services_running(processes, logs):
        yield processes


def ready_is(process: ServiceProcess, status: int) -> Callable[[], bool]:
    return lambda: process.ready_status() == status


def applied(process: ServiceProcess, queue: str) -> float:
    return metric_value(
        process.metrics(), "helpdesk_messages_total", queue=queue, outcome="applied"
    )


async def test_ticket_created_reaches_sla_and_notify(
    system: dict[str, ServiceProcess], test_run: IsolatedRun
) -> None:
    await publish_event(
        test_run.infrastructure.amqp_url, test_run.namespace, ticket_created(100001)
    )

    eventually(lambda: applied(system["sla"], "sla.ticket-events") >= 1, what="sla consumed")
    eventually(lambda: applied(system["notify"], "notify.events") >= 1, what="notify consumed")


def sla_config_status(sla: ServiceProcess, token: str) -> int:
    """PUT /v1/config with a body sla refuses (422) once the caller may replace it at all."""
    headers = {"Authorization": f"Bearer {token}"}
    body = {"warning_fractions": [1.5]}
    return httpx.put(f"{sla.url}/v1/config", json=body, headers=headers, timeout=10).status_code


def chat_agent_status(chat: ServiceProcess, token: str) -> int:
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.get(f"{chat.url}/v1/agent/me", headers=headers, timeout=10).status_code


async def closed_by_chat(socket: websockets.ClientConnection) -> int | None:
    """The close code chat ends the socket with (frames meanwhile are read and dropped)."""
    async with asyncio.timeout(REVOKED_WITHIN_S):
        with contextlib.suppress(websockets.ConnectionClosed):
            async for _ in socket:
                pass
    return socket.close_code


async def test_a_staff_token_issued_by_tickets_works_in_chat_and_sla_by_role_until_revoked(
    system: dict[str, ServiceProcess], test_run: IsolatedRun
) -> None:
    chat, sla = system["chat"], system["sla"]
    agent_token, admin_token = await asyncio.gather(
        asyncio.to_thread(admin_command, test_run, "issue-token", "--name", "Carla Nova"),
        asyncio.to_thread(
            admin_command, test_run, "issue-token", "--name", "Marta", "--role", "admin"
        ),
    )

    bearer = {"Authorization": f"Bearer {agent_token}"}
    eventually(lambda: chat_agent_status(chat, agent_token) == 200, what="chat knows Carla")
    eventually(lambda: sla_config_status(sla, admin_token) == 422, what="sla knows Marta")
    assert sla_config_status(sla, agent_token) == 403
    deliveries = f"{system['notify'].url}/v1/deliveries?ticket=1"
    eventually(
        lambda: httpx.get(deliveries, headers=bearer, timeout=10).status_code == 200,
        what="notify knows Carla",
    )
    socket_url = chat.url.replace("http://", "ws://") + "/v1/agent/ws"
    async with websockets.connect(socket_url, additional_headers=bearer) as carla:
        hello = json.loads(await carla.recv())
        assert (hello["type"], hello["agent"]["name"]) == ("hello", "Carla Nova")

        await asyncio.to_thread(admin_command, test_run, "revoke-token", agent_token)

        assert await closed_by_chat(carla) == 4401
    eventually(lambda: sla_config_status(sla, agent_token) == 401, timeout=REVOKED_WITHIN_S)
    assert chat_agent_status(chat, agent_token) == 401
    with pytest.raises(websockets.InvalidStatus):
        await websockets.connect(socket_url, additional_headers=bearer)
    assert sla_config_status(sla, admin_token) == 422


async def test_readiness_follows_the_broker_and_consumption_resumes(
    system: dict[str, ServiceProcess], test_run: IsolatedRun
) -> None:
    broker = test_run.infrastructure.broker
    if not broker.available:
        pytest.skip("this run cannot stop the broker it was given (no rabbitmqctl, no container)")
    before = applied(system["sla"], "sla.ticket-events")

    broker.stop()
    try:
        for process in system.values():
            eventually(ready_is(process, 503), timeout=30, what=f"{process.service} 503")
    finally:
        broker.start()
    for process in system.values():
        eventually(ready_is(process, 200), timeout=60, what=f"{process.service} 200")

    await publish_event(
        test_run.infrastructure.amqp_url, test_run.namespace, ticket_created(100002)
    )
    eventually(lambda: applied(system["sla"], "sla.ticket-events") > before, what="sla resumed")
    eventually(lambda: applied(system["notify"], "notify.events") >= 2, what="notify resumed")
