"""The whole system (tests/journeys/system.py) shared by the modules that use it with the same
settings: started for the first test that asks for `whole_system`, stopped as soon as the next
test is in a module that does not, so its processes never idle under the rest of the run and
the modules pass in any order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.journeys.system import SharedSystem, System
from tests.support.infrastructure import Infrastructure

WHOLE_SYSTEM = SharedSystem()


@pytest.fixture(scope="session")
def shared_system() -> Iterator[SharedSystem]:
    yield WHOLE_SYSTEM
    WHOLE_SYSTEM.stop()


@pytest.fixture(scope="module")
def whole_system(
    infrastructure: Infrastructure,
    tmp_path_factory: pytest.TempPathFactory,
    shared_system: SharedSystem,
) -> System:
    return shared_system.get(infrastructure, lambda: tmp_path_factory.mktemp("system"))


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    needs = getattr(nextitem, "fixturenames", ())
    if nextitem is None or (nextitem.path != item.path and "whole_system" not in needs):
        WHOLE_SYSTEM.stop()
