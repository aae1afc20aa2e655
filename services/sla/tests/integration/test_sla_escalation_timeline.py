"""Warnings, breaches and every escalation step are told once each, with the people to tell:
the assignee, then the leader, coordinator and manager of the ticket's group as the staff
directory (announced the way tickets announces it) names them.

The service runs on a clock 24 times faster than the wall clock (HELPDESK_CLOCK_SPEED) and a
round-the-clock calendar with targets of minutes, so a whole ladder is climbed in seconds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from helpdesk_calendar.service_clock import ServiceClock
from services.sla.tests.integration.sla_support import (
    ASSIGNEE,
    GROUP,
    LEADER,
    SlaSpy,
    Ticket,
    announce_to_sla,
    fast_clock_settings,
    fast_config,
    plus,
    publish,
    settled,
    shown,
    sla_client,
    sla_process,
    start_ready,
)
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async
from tests.support.staff import staff_member

pytestmark = pytest.mark.e2e
WHOLE_LADDER = Counter(
    {
        ("sla.warning", "first_response", "0.5"): 1,
        ("sla.breached", "first_response", ""): 1,
        ("sla.warning", "resolution", "0.5"): 1,
        ("sla.breached", "resolution", ""): 1,
        ("sla.escalated", "resolution", "agent"): 1,
        ("sla.escalated", "resolution", "leader"): 1,
        ("sla.escalated", "resolution", "coordinator"): 1,
        ("sla.escalated", "resolution", "manager"): 1,
    }
)
OTHER_LEADER = staff_member("Léo Líder", "leader", ("g-tecnico",), "leo@example.com.br")
COORDINATOR = staff_member("Cora Coordenadora", "coordinator", (GROUP,), "cora@example.com.br")
MANAGER = staff_member("Mara Gerente", "manager", (GROUP, "g-tecnico"), "mara@example.com.br")
DIRECTORY = (LEADER, OTHER_LEADER, COORDINATOR, MANAGER)


@dataclass
class FastSla:
    run: IsolatedRun
    clock: ServiceClock
    api: httpx.AsyncClient
    spy: SlaSpy


@pytest.fixture(scope="module")
async def fast_sla(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[FastSla]:
    run = IsolatedRun(infrastructure)
    spy = await SlaSpy.declare(run, "timeline")
    folder = tmp_path_factory.mktemp("sla-fast")
    clock = ServiceClock(speed=24, epoch=datetime.now(UTC))
    settings = fast_clock_settings(clock, fast_config(folder / "fast.json"))
    process = start_ready(sla_process(run, folder, **settings))
    await announce_to_sla(run, *DIRECTORY)
    async with sla_client(process, LEADER) as api:
        yield FastSla(run, clock, api, spy)
    process.stop()
    await spy.delete()
    await run.clean_up()


async def test_untouched_ticket_warns_breaches_and_tells_each_rung_to_its_people_once(
    fast_sla: FastSla,
) -> None:
    ticket = Ticket(number=601, created_at=fast_sla.clock.now(), group=GROUP)
    await publish(fast_sla.run, ticket.created())

    async def ladder_climbed() -> bool:
        done = await settled(fast_sla.run, [601])  # first: what it published is queued by then
        await fast_sla.spy.take()
        return done

    await eventually_async(ladder_climbed, timeout=60, what="ticket 601's ladder climbed")
    spy = fast_sla.spy
    assert spy.steps(601) == WHOLE_LADDER
    assert len({event["event_id"] for event in spy.seen}) == len(spy.seen)
    breach = spy.of(601, "sla.breached")[0]
    assert [person["id"] for person in breach["notify"]] == [ASSIGNEE.id]
    escalations = {event["level"]: event for event in spy.of(601, "sla.escalated")}
    told = {level: [p["id"] for p in event["notify"]] for level, event in escalations.items()}
    assert told == {
        "agent": [ASSIGNEE.id],
        "leader": [ASSIGNEE.id, LEADER.agent_id],  # not the leader of another group
        "coordinator": [COORDINATOR.agent_id],
        "manager": [MANAGER.agent_id],
    }
    assert escalations["leader"]["notify_roles"] == ["agent", "leader"]
    assert escalations["leader"]["notify"][1] == {
        "id": LEADER.agent_id,
        "name": LEADER.name,
        "email": LEADER.email,
        "phone": None,
        "role": "leader",
        "language": "pt-BR",
    }
    assert spy.of(601, "sla.clock_updated")[-1]["escalation_level"] == "manager"
    body = await shown(fast_sla.api, 601)
    assert body is not None
    assert (body["escalation_level"], body["next_deadline"]) == ("manager", None)


async def test_public_agent_replies_meet_responses_and_a_resolved_ticket_tells_nothing(
    fast_sla: FastSla,
) -> None:
    opened = fast_sla.clock.now()
    ticket = Ticket(number=602, created_at=opened, priority="P3")
    for envelope in (
        ticket.created(),
        ticket.commented("agent", plus(opened, 1), public=False),
        ticket.commented("agent", plus(opened, 2)),
        ticket.commented("customer", plus(opened, 3)),
    ):
        await publish(fast_sla.run, envelope)

    def targets(body: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
        items: list[dict[str, Any]] = body["targets"] if body else []
        return {item["target"]: item for item in items}

    async def next_response_round() -> dict[str, dict[str, Any]] | None:
        found = targets(await shown(fast_sla.api, 602))
        return found if "next_response" in found else None

    found = await eventually_async(next_response_round, what="a next-response round")
    first_met = datetime.fromisoformat(str(found["first_response"]["met_at"]))
    assert first_met == plus(opened, 2)  # the internal note did not count
    assert found["next_response"]["met_at"] is None

    await publish(fast_sla.run, ticket.commented("agent", plus(opened, 4)))
    await publish(fast_sla.run, ticket.status_changed("resolved", plus(opened, 5)))

    async def done() -> bool:
        return await settled(fast_sla.run, [602])

    await eventually_async(done, what="ticket 602 with nothing left to tell")
    await fast_sla.spy.take()
    assert fast_sla.spy.steps(602) == Counter()
    final = targets(await shown(fast_sla.api, 602))
    assert all(target["met_at"] for target in final.values())
    assert not any(target["breached"] for target in final.values())
