"""`make bench`: every benchmark against the real broker and database, printing its figures.

The shared runtime's broker round trip runs first; then each service's `services/<name>/bench_*.py`
(a `run() -> dict[str, float]` function). `--only <name>` (`make bench ONLY=<name>`) runs one:
`runtime`, a service's name or a benchmark file's (`kb`: the article search's accuracy). Every
block names the database server it ran on. Nothing here asserts anything about speed.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import sys
import time
from pathlib import Path

from helpdesk_runtime.logging import configure_logging
from tests.bench import broker_roundtrip
from tests.bench.harness import database_server, print_figures
from tests.support.infrastructure import Infrastructure, provide_infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.secrets import provide_random_secrets

ROOT = Path(__file__).resolve().parents[2]


async def runtime_round_trip(infrastructure: Infrastructure) -> dict[str, float]:
    run = IsolatedRun(infrastructure)
    try:
        return await broker_roundtrip.measure(run)
    finally:
        await run.clean_up()


def service_benchmarks(only: str | None) -> list[Path]:
    """A service's benchmarks, or the one named for its file (`kb`: services/chat/bench_kb.py)."""
    every = sorted(ROOT.glob("services/*/bench_*.py"))
    return [path for path in every if only in (None, path.parent.name, _file_name(path))]


def _file_name(path: Path) -> str:
    return path.stem.removeprefix("bench_")


def benchmark_names() -> list[str]:
    files = service_benchmarks(None)
    return [
        "runtime",
        *sorted({path.parent.name for path in files} | {_file_name(path) for path in files}),
    ]


def run_script(path: Path) -> dict[str, float]:
    spec = importlib.util.spec_from_file_location(f"bench_{path.parent.name}_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    figures: dict[str, float] = module.run()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description="Benchmarks: print figures, assert nothing.")
    parser.add_argument("--only", choices=benchmark_names(), help="run this benchmark alone")
    only = parser.parse_args().only
    configure_logging("bench", level="WARNING", as_json=False)
    provide_random_secrets()
    with provide_infrastructure() as infrastructure:
        os.environ.setdefault("HELPDESK_AMQP_URL", infrastructure.amqp_url)
        os.environ.setdefault("HELPDESK_MONGO_URL", infrastructure.mongo_url)
        server = database_server(infrastructure.mongo_url)
        print(f"infrastructure: {infrastructure.origin}; database server: {server}")
        print("figures taken on a local stand-in (SecantusDB, FerretDB) are not MongoDB's")
        if only in (None, "runtime"):
            started = time.perf_counter()
            figures = asyncio.run(runtime_round_trip(infrastructure))
            title = f"broker round trip, {broker_roundtrip.MESSAGES} persistent confirmed messages"
            print_figures(f"{title} ({time.perf_counter() - started:.1f}s)", figures, server)
        for path in [] if only == "runtime" else service_benchmarks(only):
            started = time.perf_counter()
            figures = run_script(path)
            title = f"{path.relative_to(ROOT)} ({time.perf_counter() - started:.1f}s)"
            print_figures(title, figures, server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
