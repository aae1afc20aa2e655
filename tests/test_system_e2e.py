"""All five services as separate processes against the real broker and database."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.events import publish_event, ticket_created
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, metric_value

SERVICES = ("intake", "tickets", "chat", "sla", "notify")
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def system(
    test_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, ServiceProcess]]:
    logs = tmp_path_factory.mktemp("service-logs")
    processes = {
        name: ServiceProcess(name, test_run.environment(), logs).start() for name in SERVICES
    }
    try:
        for process in processes.values():
            eventually(
                ready_is(process, 200),
                timeout=90,
                what=f"{process.service} ready",
            )
        yield processes
    finally:
        for process in processes.values():
            process.stop()
        _print_logs_on_failure(logs)


def _print_logs_on_failure(logs: Path) -> None:
    for path in sorted(logs.glob("*.log")):
        tail = path.read_text(errors="replace").splitlines()[-15:]
        print(f"--- {path.name}\n" + "\n".join(tail))


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
