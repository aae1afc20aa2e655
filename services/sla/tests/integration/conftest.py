"""sla service processes on an isolated run of the real broker and database."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from services.sla.tests.integration.sla_support import SlaSpy
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun

pytestmark = pytest.mark.e2e


@pytest.fixture
async def sla_run(infrastructure: Infrastructure) -> AsyncIterator[IsolatedRun]:
    run = IsolatedRun(infrastructure)
    yield run
    await run.clean_up()


@pytest.fixture
async def spy(sla_run: IsolatedRun) -> AsyncIterator[SlaSpy]:
    watcher = await SlaSpy.declare(sla_run, "sla")
    yield watcher
    await watcher.delete()


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path
    for path in sorted(tmp_path.glob("*.log")):
        tail = path.read_text(errors="replace").splitlines()[-25:]
        print(f"--- {path.name}\n" + "\n".join(tail))
