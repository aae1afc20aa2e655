"""Service processes shared by test modules that need the same ones: started for the first test
that asks for the fixture and stopped after the last test of the run that asks for it (the
hooks in tests/conftest.py), so they are started once, never idle under the rest of the run, and
the modules pass in any order."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

import pytest

from tests.support.infrastructure import Infrastructure

T = TypeVar("T")


class Shared(Generic[T]):
    every: ClassVar[list[Shared[object]]] = []

    def __init__(self, fixture: str) -> None:
        self.fixture = fixture
        self._running = contextlib.ExitStack()
        self._value: list[T] = []
        Shared.every.append(self)  # type: ignore[arg-type]

    def get(self, start: Callable[[], contextlib.AbstractContextManager[T]]) -> T:
        """What `start()` gives, entered now unless it already runs."""
        if not self._value:
            self._value.append(self._running.enter_context(start()))
        return self._value[0]

    def stop(self) -> None:
        self._value.clear()
        self._running.close()

    def needed_after(self, item: pytest.Item, nextitem: pytest.Item | None) -> bool:
        if not self._value or nextitem is None:
            return False
        items = item.session.items
        later = items[items.index(nextitem) :]
        return any(self.fixture in getattr(each, "fixturenames", ()) for each in later)


def shared_fixture(
    name: str, start: Callable[[Infrastructure, Path], contextlib.AbstractContextManager[T]]
) -> Any:
    """A module-scoped fixture `name`: what `start(infrastructure, a new folder)` gives,
    shared by every module that asks for it."""
    shared: Shared[T] = Shared(name)

    @pytest.fixture(scope="module", name=name)
    def fixture(infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory) -> T:
        return shared.get(lambda: start(infrastructure, tmp_path_factory.mktemp(name)))

    return fixture


def stop_what_no_later_test_needs(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    for shared in Shared.every:
        if not shared.needed_after(item, nextitem):
            shared.stop()


def stop_all() -> None:
    for shared in Shared.every:
        shared.stop()
