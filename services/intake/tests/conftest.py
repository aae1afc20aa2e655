"""Intake's tests run against one intake process of their own (real broker, real database)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest

from services.intake.tests.intake_support import EventSpy, IntakeUnderTest, start_intake
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually


@pytest.fixture(scope="session")
def intake_run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    run = IsolatedRun(infrastructure)
    yield run
    asyncio.run(run.clean_up())


@pytest.fixture(scope="session")
def intake(
    intake_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IntakeUnderTest]:
    logs = tmp_path_factory.mktemp("intake-logs")
    process, smtp_port = start_intake(intake_run, logs)
    try:
        eventually(lambda: process.ready_status() == 200, timeout=180, what="intake ready")
        yield IntakeUnderTest(process, smtp_port, intake_run)
    finally:
        process.stop()
        tail = process.log_path.read_text(errors="replace").splitlines()[-20:]
        print("--- intake log tail\n" + "\n".join(tail))


@pytest.fixture(scope="session")
async def spy(intake: IntakeUnderTest) -> AsyncIterator[EventSpy]:
    """Sees every intake.* event published by the intake under test (tests filter by id)."""
    watcher = await EventSpy(intake.amqp_url, intake.run.namespace).declare()
    yield watcher
    await watcher.delete()
