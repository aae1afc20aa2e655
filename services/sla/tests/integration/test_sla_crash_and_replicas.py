"""Each warning, breach and escalation step is told once even when the sla process is killed -9
between a deadline and its detection, and when two replicas watch the same deadlines."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pymongo import AsyncMongoClient

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
    sla_process,
    start_ready,
)
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually_async

pytestmark = pytest.mark.e2e
ONCE_EACH = {
    ("sla.breached", "first_response", ""),
    ("sla.breached", "resolution", ""),
    *{("sla.escalated", "resolution", level) for level in ("agent", "leader", "coordinator")},
    ("sla.escalated", "resolution", "manager"),
}
WARNINGS = {("sla.warning", "first_response", "0.5"), ("sla.warning", "resolution", "0.5")}


def assert_each_step_told_once(spy: SlaSpy, numbers: list[int]) -> None:
    """Breaches and escalations by exactly one event each; a warning at most once (one
    overtaken by its breach during an outage is not told late)."""
    for number in numbers:
        steps = spy.steps(number)
        assert {step: steps[step] for step in ONCE_EACH} == dict.fromkeys(ONCE_EACH, 1), number
        assert set(steps) <= ONCE_EACH | WARNINGS, number
        assert all(steps[warning] <= 1 for warning in WARNINGS), number


async def wait_until_settled(run: IsolatedRun, spy: SlaSpy, numbers: list[int]) -> None:
    async def all_told() -> bool:
        done = await settled(run, numbers)  # first: what it published is queued by then
        await spy.take()
        return done

    await eventually_async(all_told, timeout=90, what=f"tickets {numbers} settled")


async def test_kill_9_between_a_deadline_and_its_detection_tells_each_step_once(
    sla_run: IsolatedRun, spy: SlaSpy, log_dir: Path, tmp_path: Path
) -> None:
    clock = ServiceClock(speed=40, epoch=datetime.now(UTC))
    settings = fast_clock_settings(clock, fast_config(tmp_path / "fast.json"))
    opened = clock.now()
    numbers = list(range(701, 706))
    processes: list[ServiceProcess] = []

    def start() -> ServiceProcess:
        processes.append(start_ready(sla_process(sla_run, log_dir, **settings)))
        return processes[-1]

    try:
        first = start()
        for number in numbers:
            await publish(sla_run, Ticket(number=number, created_at=opened).created())

        async def clocks_started() -> bool:
            started = {event["payload"]["ticket_number"] for event in await spy.take()}
            return started >= set(numbers)

        await eventually_async(clocks_started, what="every clock started")
        first.kill()

        async def ladder_half_climbed() -> bool:  # breaches and two rungs due, nobody watching
            return clock.now() > plus(opened, 5.5)

        await eventually_async(ladder_half_climbed, what="deadlines passed")
        second = start()

        async def some_rung_told_after_restart() -> bool:
            await spy.take()
            return any(spy.of(number, "sla.escalated") for number in numbers)

        await eventually_async(some_rung_told_after_restart, what="a rung told")
        second.kill()  # at an arbitrary point: maybe holding a lease, maybe before relaying
        start()
        await wait_until_settled(sla_run, spy, numbers)
    finally:
        for process in processes:
            process.stop()
    assert_each_step_told_once(spy, numbers)


async def test_two_replicas_watching_the_same_deadlines_tell_each_step_once(
    sla_run: IsolatedRun, spy: SlaSpy, log_dir: Path, tmp_path: Path
) -> None:
    clock = ServiceClock(speed=40, epoch=datetime.now(UTC))
    settings = fast_clock_settings(clock, fast_config(tmp_path / "fast.json"))
    replicas = [sla_process(sla_run, log_dir, **settings) for _ in range(2)]
    numbers = list(range(801, 809))
    try:
        for replica in replicas:
            start_ready(replica)
        await announce_to_sla(sla_run, LEADER)
        opened = clock.now()
        for number in numbers:
            ticket = Ticket(number=number, created_at=opened, group=GROUP)
            await publish(sla_run, ticket.created())
        await wait_until_settled(sla_run, spy, numbers)
    finally:
        for replica in replicas:
            replica.stop()
    assert_each_step_told_once(spy, numbers)
    leader_steps = [e for e in spy.distinct() if e["payload"].get("level") == "leader"]
    told = [[person["id"] for person in e["payload"]["notify"]] for e in leader_steps]
    assert told == [[ASSIGNEE.id, LEADER.agent_id]] * len(numbers)


async def test_a_clock_left_leased_by_a_killed_replica_is_told_once_its_lease_expires(
    sla_run: IsolatedRun, spy: SlaSpy, log_dir: Path, tmp_path: Path
) -> None:
    clock = ServiceClock(speed=40, epoch=datetime.now(UTC))
    settings = fast_clock_settings(clock, fast_config(tmp_path / "fast.json"))
    process = start_ready(sla_process(sla_run, log_dir, **settings))
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(sla_run.infrastructure.mongo_url)
    try:
        opened = clock.now()
        await publish(sla_run, Ticket(number=901, created_at=opened).created())

        async def clock_started() -> bool:
            return bool(spy.of(901, "sla.clock_updated") if await spy.take() else False)

        await eventually_async(clock_started, what="ticket 901's clock started")
        # What a replica killed right after claiming leaves behind: its lease, still running
        # past the first-response warning and until its breach.
        lease = {"lease_owner": "killed-replica", "lease_until": plus(opened, 2)}
        clocks = mongo[f"{sla_run.database}_sla"]["clocks"]
        await clocks.update_one({"_id": 901}, {"$set": lease})
        leased_before_the_warning = clock.now() < plus(opened, 1)
        await wait_until_settled(sla_run, spy, [901])
    finally:
        process.stop()
        await mongo.close()
    assert_each_step_told_once(spy, [901])
    if leased_before_the_warning:  # nobody told it while the lease ran; then its breach had come
        assert spy.steps(901)[("sla.warning", "first_response", "0.5")] == 0
