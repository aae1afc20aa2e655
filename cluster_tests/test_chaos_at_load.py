"""Chaos at load: two replicas of every service on the 3-node cluster and a database of the
suite's own, a steady stream of web forms, e-mails over SMTP, signed WhatsApp webhooks and chat
conversations, while in turn (1) a RabbitMQ node is killed -9 and restarted, (2) the node that
leads the busiest queue is killed and restarted, (3) one replica of each service is killed -9
and restarted, (4) the database server is restarted.

After each: every accepted message is on exactly one ticket (one comment), every ticket and
comment was announced by exactly one ticket.* event, every requester got exactly one
ticket_created e-mail or WhatsApp message, no document holds unpublished events, every
/health/ready is 200 again by itself and the dead-letter queues are empty (nothing sent is
invalid). Prints the counts and recovery times.

Size: HELPDESK_CHAOS_MESSAGES (all four scenarios together, default 400), sent at
HELPDESK_CHAOS_RATE messages per second (default 4)."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field

import pytest

from cluster_tests.audit import Audit, declare_spy, group_by_kind, take_audit
from cluster_tests.inbound_load import InboundLoad, LoadRecord
from cluster_tests.queue_depths import queue_depths
from cluster_tests.replicas import ReplicatedSystem, replicated_system
from deploy import cluster
from helpdesk_runtime.broker_nodes import connect_to_any_node
from tests.support.infrastructure import BrokerControl, Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(2400)]
MESSAGES = int(os.environ.get("HELPDESK_CHAOS_MESSAGES", "400"))
PER_SCENARIO = max(MESSAGES // 4, 4)
RATE = float(os.environ.get("HELPDESK_CHAOS_RATE", "4"))
NODE_DOWN_S = 10


@dataclass
class Chaos:
    system: ReplicatedSystem
    spy: str
    record: LoadRecord = field(default_factory=LoadRecord)
    audit: Audit = field(default_factory=Audit)
    began: float = field(default_factory=time.monotonic)
    reported: set[str] = field(default_factory=set)
    """Problems an earlier scenario already failed on (each scenario is judged on its own)."""


@pytest.fixture(scope="module")
def chaos(cluster_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chaos]:
    infrastructure = Infrastructure(cluster_url, "", BrokerControl(), "deploy/cluster.py")
    run = IsolatedRun(infrastructure)
    began = time.monotonic()
    try:
        with replicated_system(run, tmp_path_factory.mktemp("chaos")) as system:
            spy = asyncio.run(declare_spy(system))
            yield Chaos(system, spy)
    finally:
        for node in cluster.NODES:
            cluster.start(node)
        asyncio.run(delete_queues(run))
        print(f"\nchaos suite: {MESSAGES} messages, {time.monotonic() - began:.0f} s in all")


async def delete_queues(run: IsolatedRun) -> None:
    connection = await connect_to_any_node(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        for name in [*run.queue_names(), f"{run.namespace}spy.chaos"]:
            await channel.queue_delete(name)


async def under_load(chaos: Chaos, name: str, fault: Callable[[], Awaitable[None]]) -> None:
    """Stream this scenario's messages, inject `fault` once a third is accepted, then wait until
    every replica is ready and everything accepted has had its effects; report and check."""
    load = InboundLoad(chaos.system, chaos.record)
    before = len(chaos.record.accepted)
    sending = asyncio.create_task(load.send(PER_SCENARIO, RATE))

    async def a_third_accepted() -> bool:
        return len(chaos.record.accepted) >= before + PER_SCENARIO // 3

    # A third of a 2 500-message scenario takes 278 s at 3 messages/s: the wait scales with it
    # (three times as long as the third should take).
    flowing_s = max(300.0, PER_SCENARIO / RATE)
    await eventually_async(a_third_accepted, timeout=flowing_s, what="load flowing before a fault")
    fault_at = time.monotonic()
    not_ready: dict[str, float] = {}
    watching = asyncio.create_task(watch_readiness(chaos.system, not_ready))
    await fault()
    restored_s = time.monotonic() - fault_at
    ready_s = await all_ready_again(chaos.system, fault_at)
    watching.cancel()
    await sending
    await load.close()
    caught_up_s = await caught_up(chaos, fault_at)
    accepted = chaos.record.accepted
    problems = [p for p in chaos.audit.problems(accepted) if p not in chaos.reported]
    earlier = sorted(chaos.reported)
    chaos.reported.update(problems)
    print(
        f"\n[{name}] fault and restore {restored_s:.1f} s; every /health/ready 200 again "
        f"{ready_s:.1f} s after the fault; all effects of every accepted message "
        f"{caught_up_s:.1f} s after the fault\n"
        f"  load: {load.rates()}\n"
        f"  /health/ready not 200 (s, per replica): {not_ready or 'never'}\n"
        f"  accepted so far {len(accepted)} {group_by_kind(accepted)} "
        f"(sent again by their client after a failure: {chaos.record.retried()})\n"
        f"  {chaos.audit.summary()}\n  lost or duplicated: {problems or 0}"
        + (f" (earlier scenarios': {earlier})" if earlier else "")
    )
    assert problems == []


async def watch_readiness(system: ReplicatedSystem, not_ready: dict[str, float]) -> None:
    """Adds up, per replica, how long its /health/ready was not 200 (polled every 0.5 s)."""
    while True:
        began = time.monotonic()
        down = await asyncio.to_thread(system.not_ready)
        await asyncio.sleep(0.5)
        for name in down:
            not_ready[name] = round(not_ready.get(name, 0) + time.monotonic() - began, 1)


async def all_ready_again(system: ReplicatedSystem, since: float) -> float:
    async def ready() -> bool:
        return not await asyncio.to_thread(system.not_ready)

    await eventually_async(ready, timeout=300, what=f"ready again: {system.not_ready()}")
    return time.monotonic() - since


async def caught_up(chaos: Chaos, since: float) -> float:
    async def nothing_missing() -> bool:
        await asyncio.sleep(1)  # an audit reads every ticket: not more than once a second
        await take_audit(chaos.system, chaos.spy, chaos.audit)
        return not chaos.audit.missing(chaos.record.accepted)

    try:
        await eventually_async(nothing_missing, timeout=900, what="every effect")
    except AssertionError:
        raise AssertionError(chaos.audit.missing(chaos.record.accepted)[:20]) from None
    return time.monotonic() - since


async def restart_node(node: int) -> None:
    cluster.kill(node)
    await asyncio.sleep(NODE_DOWN_S)
    await asyncio.to_thread(cluster.start, node)


async def busiest_queue_leader(run: IsolatedRun) -> tuple[str, int]:
    """The run's service queue with the most messages (ready + unacknowledged) and its leader's
    node: the counts over AMQP, the leaders from one cheap `rabbitmqctl list_queues name leader`
    (see cluster_tests/queue_depths.py)."""
    depths = await queue_depths(run)
    alive = next(node for node in cluster.NODES if cluster.answers(node))
    listing = await asyncio.to_thread(
        cluster.ctl, alive, "list_queues", "name", "leader", "--formatter", "json", timeout=300
    )
    leaders = {q["name"]: q["leader"] for q in json.loads(listing) if q["leader"]}
    service_queues = [
        name
        for name in leaders
        if name.startswith(run.namespace)
        and not any(part in name for part in (".spy.", ".delay.", ".dlq"))
    ]
    busiest = max(service_queues, key=lambda n: (depths.get(n, 0), n.endswith("intake-messages")))
    node = next(n for n in cluster.NODES if cluster.node_name(n) == leaders[busiest])
    return f"{busiest} ({depths.get(busiest, 0)} messages)", node


async def test_1_a_rabbitmq_node_killed_and_restarted(chaos: Chaos) -> None:
    await under_load(chaos, "RabbitMQ node 1 kill -9, restarted", lambda: restart_node(1))


async def test_2_the_node_leading_the_busiest_queue_killed(chaos: Chaos) -> None:
    async def kill_the_leader() -> None:
        queue, node = await busiest_queue_leader(chaos.system.run)
        print(f"\nbusiest queue {queue}: leader on node {node}")
        await restart_node(node)

    await under_load(chaos, "leader of the busiest queue killed", kill_the_leader)


async def test_3_one_replica_of_each_service_killed_and_restarted(chaos: Chaos) -> None:
    async def kill_one_of_each() -> None:
        for replica in chaos.system.replicas[::2]:  # the first replica of every service
            await asyncio.to_thread(chaos.system.restart, replica)

    await under_load(chaos, "one replica of each service kill -9, restarted", kill_one_of_each)


async def test_4_the_database_server_restarted(chaos: Chaos) -> None:
    async def restart_database() -> None:
        await asyncio.to_thread(chaos.system.database.stop)
        await asyncio.to_thread(chaos.system.database.start)

    await under_load(chaos, "database server restarted", restart_database)
    print(f"\nwork per replica (messages applied since its last start): {work_spread(chaos)}")


def work_spread(chaos: Chaos) -> dict[str, int]:
    return {
        replica.name: int(
            sum(
                float(line.rpartition(" ")[2])
                for line in replica.process.metrics().splitlines()
                if line.startswith("helpdesk_messages_total{") and 'outcome="applied"' in line
            )
        )
        for replica in chaos.system.replicas
    }
