"""Tickets announces its staff directory (staff.member_updated): every change of an agent, with
a growing revision and token ids but never a token; everyone again when a service asks."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.staff import StaffDirectoryRequested
from helpdesk_contracts.topology import EVENTS_EXCHANGE
from helpdesk_runtime.staff_tokens import token_ids
from tests.support.events import publish_event
from tests.support.processes import eventually_async
from tickets.domain.agents import AgentRole

Snapshot = dict[str, Any]


class DirectorySpy:
    """A queue of the test's own bound to staff.member_updated.v1."""

    def __init__(self, queue: aio_pika.abc.AbstractQueue) -> None:
        self.queue = queue
        self.bodies: list[str] = []

    async def of(self, agent_id: str, minimum: int) -> list[Snapshot]:
        def about() -> list[Snapshot]:
            payloads = [json.loads(body)["payload"] for body in self.bodies]
            return [p for p in payloads if p["agent_id"] == agent_id]

        async def enough() -> bool:
            while (message := await self.queue.get(no_ack=True, fail=False)) is not None:
                self.bodies.append(message.body.decode())
            return len(about()) >= minimum

        await eventually_async(enough, timeout=20, what=f"{minimum} snapshots of {agent_id}")
        return about()


@pytest.fixture
async def directory(tickets: Any) -> AsyncIterator[DirectorySpy]:
    connection = await aio_pika.connect(tickets.run.infrastructure.amqp_url)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            tickets.run.namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(exclusive=True)
        await queue.bind(exchange, routing_key="staff.member_updated.v1")
        yield DirectorySpy(queue)


async def test_each_change_of_an_agent_is_announced_with_token_ids_but_never_a_token(
    tickets: Any, bearer: Any, directory: DirectorySpy
) -> None:
    _, admin = await tickets.token(AgentRole.ADMIN)
    await tickets.client.post(
        "/v1/groups", json={"id": "faturas", "name": "Faturas"}, headers=bearer(admin)
    )
    added = await tickets.client.post(
        "/v1/agents",
        json={"name": "Lia", "email": "lia@example.com.br", "group_ids": ["faturas"]},
        headers=bearer(admin),
    )
    agent_id = added.json()["id"]
    token = await tickets.deps.staff.issue_token(await tickets.deps.staff.agent(agent_id))
    promoted = await tickets.client.patch(
        f"/v1/agents/{agent_id}", json={"role": "leader"}, headers=bearer(admin)
    )
    ended = await tickets.client.patch(
        f"/v1/agents/{agent_id}", json={"active": False}, headers=bearer(admin)
    )

    assert (promoted.json()["role"], ended.json()["active"]) == ("leader", False)
    snapshots = await directory.of(agent_id, 4)
    assert [s["revision"] for s in snapshots] == [1, 2, 3, 4]
    first, with_token, as_leader, deactivated = snapshots
    assert (first["name"], first["email"], first["groups"]) == (
        "Lia",
        "lia@example.com.br",
        ["faturas"],
    )
    ids = token_ids(token)
    assert ids is not None
    assert [t["token_id"] for t in with_token["tokens"]] == [ids.token_id]
    assert as_leader["role"] == "leader"
    assert (deactivated["active"], deactivated["tokens"]) == (False, [])
    assert all(token not in body for body in directory.bodies)
    assert (await tickets.client.get("/v1/groups", headers=bearer(token))).status_code == 401


async def test_a_service_asking_for_the_directory_hears_every_agent_again(
    tickets: Any, directory: DirectorySpy
) -> None:
    agent_id, _ = await tickets.token(AgentRole.AGENT)
    await directory.of(agent_id, 1)

    request = new_envelope(StaffDirectoryRequested(service="sla"), producer="sla")
    await publish_event(tickets.run.infrastructure.amqp_url, tickets.run.namespace, request)

    again = await directory.of(agent_id, 3)
    assert [s["revision"] for s in again] == [1, 2, 2]


async def test_a_manager_cannot_give_a_role_above_their_own(tickets: Any, bearer: Any) -> None:
    _, manager = await tickets.token(AgentRole.MANAGER)
    agent_id, _ = await tickets.token(AgentRole.AGENT)

    refused = await tickets.client.patch(
        f"/v1/agents/{agent_id}", json={"role": "admin"}, headers=bearer(manager)
    )
    allowed = await tickets.client.patch(
        f"/v1/agents/{agent_id}", json={"role": "coordinator"}, headers=bearer(manager)
    )

    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert allowed.json()["role"] == "coordinator"
