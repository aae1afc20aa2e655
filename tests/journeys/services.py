"""Some of the services as real processes on one isolated run, each with its own settings."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

FAST = {"HELPDESK_OUTBOX_POLL_S": "0.2", "HELPDESK_LOG_LEVEL": "INFO"}


def _is_ready(process: ServiceProcess) -> bool:
    return process.ready_status() == 200


@contextlib.contextmanager
def running_services(
    run: IsolatedRun,
    folder: Path,
    settings: dict[str, dict[str, str]],
    ports: dict[str, int] | None = None,
) -> Iterator[dict[str, ServiceProcess]]:
    """Start each named service with its settings (and port, when given), wait until all are
    ready, stop them at the end and print the tail of their logs."""
    logs = folder / "logs"
    processes = {
        name: ServiceProcess(name, run.environment(**FAST, **extra), logs)
        for name, extra in settings.items()
    }
    for name, port in (ports or {}).items():
        processes[name].port = port
    try:
        for process in processes.values():
            process.start()
        for process in processes.values():
            eventually(partial(_is_ready, process), timeout=90, what=f"{process.service} ready")
        yield processes
    finally:
        for process in processes.values():
            process.stop()
        for path in sorted(logs.glob("*.log")):
            print(f"--- {path.name}\n" + path.read_text(errors="replace")[-3000:])
