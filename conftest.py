"""Fixtures shared by every test folder: real infrastructure and an isolated run on it."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from tests.support.infrastructure import Infrastructure, provide_infrastructure
from tests.support.isolation import IsolatedRun


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Infrastructure]:
    with provide_infrastructure() as infra:
        yield infra


@pytest.fixture(scope="session")
def test_run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    run = IsolatedRun(infrastructure)
    yield run
    asyncio.run(run.clean_up())
