"""What every benchmark script shares: an isolated run on the project's infrastructure."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from pymongo import MongoClient, monitoring

from tests.support.database_commands import DatabaseCommands
from tests.support.infrastructure import provide_infrastructure
from tests.support.isolation import IsolatedRun

Measure = Callable[[IsolatedRun], Awaitable[dict[str, float]]]


def cpu_seconds(pid: int) -> float:
    """User + system CPU a process has used so far (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_server(url: str) -> str:
    """Which server answers at `url`, from its buildInfo: MongoDB, FerretDB or SecantusDB."""
    client: MongoClient[dict[str, Any]]
    with MongoClient(url, serverSelectionTimeoutMS=10_000) as client:
        info = client.admin.command("buildInfo")
    for key, name in (("secantusVersion", "SecantusDB"), ("ferretdbVersion", "FerretDB")):
        if key in info:
            return f"{name}_{info[key]}"
    return f"MongoDB_{info.get('version', 'unknown')}"


def print_figures(title: str, figures: dict[str, float], server: str | None = None) -> None:
    print(f"\n== {title}", flush=True)
    if server is not None:
        print(f"  {'database_server':<36} {server:>14}", flush=True)
    for name, value in figures.items():
        print(f"  {name:<36} {value:>14.2f}", flush=True)


DATABASE_COMMANDS = DatabaseCommands()
monitoring.register(DATABASE_COMMANDS)


class Cost:
    """CPU time of this process and database commands from `start` on, per item handled: on a
    shared machine these move far less between runs than rates do."""

    def __init__(self) -> None:
        self._cpu, self._commands = time.process_time(), DATABASE_COMMANDS.sent

    def per_item(self, items: int) -> tuple[float, float]:
        """(CPU ms per item, database commands per item)."""
        cpu_ms = 1000 * (time.process_time() - self._cpu)
        return cpu_ms / items, (DATABASE_COMMANDS.sent - self._commands) / items


def run_benchmark(measure: Measure) -> dict[str, float]:
    """Run `measure` on a fresh isolated run, clean up and return its figures."""

    async def main() -> dict[str, float]:
        with provide_infrastructure() as infrastructure:
            run = IsolatedRun(infrastructure)
            try:
                return await measure(run)
            finally:
                await run.clean_up()

    return asyncio.run(main())
