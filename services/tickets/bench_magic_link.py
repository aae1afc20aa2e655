"""Benchmark: how long «email me a sign-in link» takes to answer, for a customer's address and
for an unknown one (both should be the same work: the request is only queued; a worker looks
the address up afterwards). A tickets service runs in this process on the real broker and
database; requests alternate between the two addresses. Prints figures, asserts nothing. The
worker sending the links shares the process, the event loop and the database with the requests,
so its work shows in their times; the CPU and database commands per request include its share.
"""

from __future__ import annotations

import statistics
import time
import uuid
from datetime import UTC, datetime

import httpx

from helpdesk_contracts.common import Person
from helpdesk_runtime.service import ServiceRuntime
from tests.bench.harness import Cost, print_figures, run_benchmark
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async
from tickets.app import build_app
from tickets.settings import TicketsSettings

REQUESTS = 200  # of each kind


async def measure(run: IsolatedRun, count: int = REQUESTS) -> dict[str, float]:
    settings = TicketsSettings(**{**run.settings().model_dump(), "log_level": "WARNING"})
    app = build_app(settings)
    runtime: ServiceRuntime = app.state.runtime
    known = f"cliente.{uuid.uuid4().hex[:8]}@example.com.br"
    unknown = f"ninguem.{uuid.uuid4().hex[:8]}@example.com.br"
    timings: dict[str, list[float]] = {known: [], unknown: []}
    await runtime.start()
    try:

        async def runtime_started() -> bool:
            return runtime.started

        await eventually_async(runtime_started, timeout=120, what="tickets runtime started")
        await app.state.tickets.contacts.resolve(Person(email=known), now=datetime.now(UTC))
        transport = httpx.ASGITransport(app=app)
        cost = Cost()
        async with httpx.AsyncClient(transport=transport, base_url="http://tickets") as client:
            for _ in range(count):
                for email in (known, unknown):
                    started = time.perf_counter()
                    answer = await client.post("/v1/customer/magic-link", json={"email": email})
                    timings[email].append(1000 * (time.perf_counter() - started))
                    assert answer.status_code == 202, answer.text
        cpu_ms, commands = cost.per_item(2 * count)
    finally:
        await runtime.stop()
    return {
        "requests of each kind": float(count),
        "known address median ms": statistics.median(timings[known]),
        "unknown address median ms": statistics.median(timings[unknown]),
        "known address p90 ms": statistics.quantiles(timings[known], n=10)[-1],
        "unknown address p90 ms": statistics.quantiles(timings[unknown], n=10)[-1],
        # Both include the worker's share (it sends the links in this process meanwhile).
        "CPU ms per request": cpu_ms,
        "DB commands per request": commands,
    }


def run() -> dict[str, float]:
    return run_benchmark(measure)


if __name__ == "__main__":
    from tests.support.secrets import provide_random_secrets

    provide_random_secrets()
    print_figures("magic-link request, known vs unknown address", run())
