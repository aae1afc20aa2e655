"""Readiness tells an operator why a service cannot work, and turns ready by itself."""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_runtime.service import ServiceRuntime
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async


async def _noop(_: Any) -> None:
    return None


async def test_service_is_ready_once_its_queue_has_a_consumer(
    isolated_run: IsolatedRun, start_runtime: Any
) -> None:
    runtime = ServiceRuntime(service="sla", settings=isolated_run.settings())
    runtime.subscribe_events("ticket-events", {TicketCreated: _noop})

    await start_runtime(runtime)

    assert await runtime.readiness_problems() == []


async def test_unreachable_database_is_named_as_the_reason(isolated_run: IsolatedRun) -> None:
    settings = isolated_run.settings(mongo_url="mongodb://127.0.0.1:9/")
    runtime = ServiceRuntime(service="chat", settings=settings)
    await runtime.start()

    async def reason() -> str:
        problems = await runtime.readiness_problems()
        return problems[0] if problems and "127.0.0.1:9" in problems[0] else ""

    try:
        assert "ServerSelectionTimeoutError" in await eventually_async(reason, timeout=20)
    finally:
        await runtime.stop()
