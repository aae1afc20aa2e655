"""What every benchmark script shares: an isolated run on the project's infrastructure."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from tests.support.infrastructure import provide_infrastructure
from tests.support.isolation import IsolatedRun

Measure = Callable[[IsolatedRun], Awaitable[dict[str, float]]]


def print_figures(title: str, figures: dict[str, float]) -> None:
    print(f"\n== {title}", flush=True)
    for name, value in figures.items():
        print(f"  {name:<36} {value:>14.2f}", flush=True)


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
