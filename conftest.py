"""Fixtures shared by every test folder: real infrastructure and an isolated run on it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator

import pytest

from helpdesk_runtime.service import ServiceRuntime
from tests.support.infrastructure import Infrastructure, provide_infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.runtime import start_and_wait
from tests.support.secrets import provide_random_secrets

provide_random_secrets()

StartRuntime = Callable[[ServiceRuntime], Awaitable[ServiceRuntime]]


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Infrastructure]:
    with provide_infrastructure() as infra:
        yield infra


@pytest.fixture(scope="session")
def test_run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    run = IsolatedRun(infrastructure)
    yield run
    asyncio.run(run.clean_up())


@pytest.fixture(scope="module")
def module_run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    """A run of its own for one test module, e.g. for services it starts once for all its tests."""
    run = IsolatedRun(infrastructure)
    yield run
    asyncio.run(run.clean_up())


@pytest.fixture
async def isolated_run(infrastructure: Infrastructure) -> AsyncIterator[IsolatedRun]:
    """A run of its own for one test: queues and databases no other test sees."""
    run = IsolatedRun(infrastructure)
    yield run
    await run.clean_up()


@pytest.fixture
async def start_runtime() -> AsyncIterator[StartRuntime]:
    """Starts runtimes in the test's event loop and stops them afterwards."""
    started: list[ServiceRuntime] = []

    async def start(runtime: ServiceRuntime) -> ServiceRuntime:
        started.append(runtime)
        return await start_and_wait(runtime)

    yield start
    for runtime in started:
        await runtime.stop()
