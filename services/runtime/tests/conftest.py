"""A runtime of a real service name on an isolated namespace, started in the test's event loop."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest

from helpdesk_runtime.service import ServiceRuntime
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async

StartRuntime = Callable[[ServiceRuntime], Awaitable[ServiceRuntime]]


@pytest.fixture
async def isolated_run(infrastructure: Infrastructure) -> AsyncIterator[IsolatedRun]:
    run = IsolatedRun(infrastructure)
    yield run
    await run.clean_up()


@pytest.fixture
async def start_runtime() -> AsyncIterator[StartRuntime]:
    started: list[ServiceRuntime] = []

    async def start(runtime: ServiceRuntime) -> ServiceRuntime:
        await runtime.start()
        started.append(runtime)
        await eventually_async(_started(runtime), timeout=30, what="runtime started")
        return runtime

    yield start
    for runtime in started:
        await runtime.stop()


def _started(runtime: ServiceRuntime) -> Callable[[], Awaitable[bool]]:
    async def check() -> bool:
        return runtime.started

    return check
