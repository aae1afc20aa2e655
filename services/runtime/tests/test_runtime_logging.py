"""Log lines below the configured level cost no processing (one is called per delivery)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
import structlog

from helpdesk_runtime.logging import configure_logging


@pytest.fixture
def restored_logging() -> Iterator[None]:
    config, root = structlog.get_config(), logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    structlog.configure(**config)
    root.handlers[:], root.level = handlers, level


@pytest.mark.usefixtures("restored_logging")
def test_a_line_below_the_level_is_dropped_before_any_processor_runs() -> None:
    configure_logging("test", level="WARNING")
    processed: list[str] = []

    def witness(_: object, __: str, event: structlog.types.EventDict) -> structlog.types.EventDict:
        processed.append(event["event"])
        return event

    processors = structlog.get_config()["processors"]
    structlog.configure(processors=[processors[0], witness, *processors[1:]])
    log = structlog.get_logger("helpdesk_runtime.consumer")

    log.debug("message handled")
    log.warning("message failed, retrying later")

    assert processed == ["message failed, retrying later"]
