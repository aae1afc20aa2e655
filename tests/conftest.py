"""Service processes shared between test modules (tests/support/shared.py): the whole system of
tests/journeys/system.py for the journeys on its settings; the pages' services in
tests/browser/conftest.py."""

from __future__ import annotations

import pytest

from tests.journeys.system import isolated_system
from tests.support.shared import shared_fixture, stop_all, stop_what_no_later_test_needs

whole_system = shared_fixture("whole_system", isolated_system)


@pytest.hookimpl(tryfirst=True)  # before the session's fixtures (the broker, the database) end
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    stop_what_no_later_test_needs(item, nextitem)


def pytest_sessionfinish() -> None:
    stop_all()
