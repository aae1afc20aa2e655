"""Claims and leases at scale: one pass of a path's real code over 1 000, then 100 000 documents.

A benchmark names, per collection, a `ScaleCase`: how to store `count` documents (mostly
settled, a few pending, as in production) and, per path, one pass of the service's own adapter
code (a fixed amount of work: the same number of claims at every size). One database is seeded with
1 000 documents, another with 100 000; each path's pass then runs on one and the other in turn,
`PASSES` times each (fresh keys each pass), and the fastest pass of each is kept: on a machine
shared with other work the fastest is the one least disturbed, and taking turns lets passing
load weigh on both sizes alike. A path costs the same at every size
when its queries use an index; `<path>_ratio` (100k ÷ 1k) is the figure to watch (goal ≤ 2).

`HELPDESK_BENCH_SCALE_DOCUMENTS` replaces the larger count (a quick run while developing).
Prints figures, asserts nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document
from tests.bench.harness import run_benchmark
from tests.support.isolation import IsolatedRun

SMALL = 1_000
LARGE = 100_000
BATCH = 2_000
PASSES = 5
SLOW_PASS_S = 5.0
"""A pass slower than this is not repeated (a path that scans would take minutes more)."""


Pass = Callable[[str], Awaitable[None]]
"""One pass of a path's work, with keys of its own (the tag differs for every pass)."""


@dataclass(frozen=True)
class ScaleCase:
    """A collection and the paths that claim in it: `seed` stores documents 0 to `count` - 1."""

    seed: Callable[[int], Awaitable[None]]
    paths: dict[str, Pass]
    prepare: dict[str, Pass] = field(default_factory=dict)
    """Untimed set-up of a path's pass (what is to be claimed), run just before it."""


async def insert_numbered(
    collection: AsyncCollection[Document], count: int, document: Callable[[int], Document]
) -> None:
    """Store `document(n)` for n from 0 to `count` - 1, in batches of `BATCH`."""
    for start in range(0, count, BATCH):
        batch = [document(n) for n in range(start, min(start + BATCH, count))]
        await collection.insert_many(batch, ordered=False)


def seeded_case(
    collection: AsyncCollection[Document],
    document: Callable[[int], Document],
    paths: dict[str, Pass],
    prepare: dict[str, Pass] | None = None,
) -> ScaleCase:
    """A case whose collection holds `document(n)` for each n (`insert_numbered`)."""

    async def seed(count: int) -> None:
        await insert_numbered(collection, count, document)

    return ScaleCase(seed=seed, paths=paths, prepare=prepare or {})


def sizes() -> tuple[int, int]:
    return SMALL, int(os.environ.get("HELPDESK_BENCH_SCALE_DOCUMENTS", LARGE))


def label(size: int) -> str:
    """1000 → "1k", 100000 → "100k"."""
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


async def _timed_pass(case: ScaleCase, name: str, tag: str) -> float:
    prepare = case.prepare.get(name)
    if prepare is not None:
        await prepare(tag)
    began = time.perf_counter()
    await case.paths[name](tag)
    return time.perf_counter() - began


async def compare(small: ScaleCase, large: ScaleCase, figures: dict[str, float]) -> None:
    """Time each path on both collections in turn (whatever else loads the machine weighs on
    both alike) and keep each one's fastest pass."""
    sizes_of = {label(size): case for size, case in zip(sizes(), (small, large), strict=True)}
    for name in small.paths:
        for size in sizes_of:
            figures[f"{name}_ms_{size}"] = float("inf")
        for attempt in range(PASSES):
            for size, case in sizes_of.items():
                elapsed = await _timed_pass(case, name, f"{size}-{attempt}")
                figures[f"{name}_ms_{size}"] = min(figures[f"{name}_ms_{size}"], 1000 * elapsed)
            if elapsed > SLOW_PASS_S:
                break
        small_ms, large_ms = (figures[f"{name}_ms_{size}"] for size in sizes_of)
        figures[f"{name}_ratio"] = large_ms / small_ms


def run_scale_benchmark(
    cases_for: Callable[[AsyncDatabase[Document]], Awaitable[list[ScaleCase]]],
) -> dict[str, float]:
    """The figures of the cases `cases_for` builds, once on a database of 1 000 documents and
    once on one of 100 000 (two databases of an isolated run)."""

    async def measure(run: IsolatedRun) -> dict[str, float]:
        # Patient timeouts: seeding loads the shared server, and a heartbeat that waits longer
        # than a service's 2 s would clear the pool and cancel the insert in flight.
        client: AsyncMongoClient[Document] = AsyncMongoClient(
            run.infrastructure.mongo_url,
            tz_aware=True,
            connectTimeoutMS=60_000,
            serverSelectionTimeoutMS=60_000,
        )
        figures: dict[str, float] = {}
        try:
            built = []
            for size in sizes():
                began = time.perf_counter()
                cases = await cases_for(client[f"{run.database}_{label(size)}"])
                for case in cases:
                    await case.seed(size)
                figures[f"seed_{label(size)}_s"] = time.perf_counter() - began
                built.append(cases)
            for small, large in zip(*built, strict=True):
                await compare(small, large, figures)
        finally:
            await client.close()
        return figures

    return run_benchmark(measure)
