"""End to end: a web form posted over HTTP, or an e-mail sent over SMTP, until its ticket is stored.

Real intake and tickets processes on the real broker and database (an isolated run). Three
phases, each waiting for all of its tickets before the next starts:
- FORMS web forms posted at once by CONCURRENCY clients (as many browsers would);
- EMAILS e-mails over SMTP to intake's door on SMTP_CONNECTIONS connections;
- web forms at a steady OFFERED_PER_S for STEADY_S seconds (the issue saw a backlog under
  `make run` at 25/s): the backlog when sending ends and how long it takes to drain.
For each: accepted/s at the door, tickets stored/s from the first send to the last ticket
stored, door→ticket latency p50/p99 (door: the 2xx or SMTP 250 reply; ticket: its created_at)
and CPU ms per item of each process (from /proc); items still without a ticket after STALL_S
without progress are counted, not waited for. Prints figures, asserts nothing.
`make bench ONLY=door_to_ticket`.
"""

from __future__ import annotations

import asyncio
import smtplib
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
from pymongo import AsyncMongoClient

from services.intake.tests.intake_support import crlf, start_intake
from tests.bench.harness import cpu_seconds, print_figures, run_benchmark
from tests.bench.server_cpu import ServerCpu
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

FORMS = 300
EMAILS = 300
CONCURRENCY = 32
SMTP_CONNECTIONS = 8
OFFERED_PER_S = 25.0
STEADY_S = 12.0
POST_ATTEMPTS = 3
STALL_S = 120.0
Tickets = Any  # the run's tickets collection (pymongo AsyncCollection)


def _form(marker: str) -> dict[str, str]:
    return {
        "name": f"Cliente {marker}", "email": f"{marker}@example.com.br",
        "phone": "(11) 98765-4321", "category": "financeiro", "subcategory": "boleto",
        "subject": f"Segunda via {marker}", "description": "Preciso da segunda via do boleto.",
    }  # fmt: skip


def _email(marker: str) -> bytes:
    return crlf(
        f"From: Cliente {marker} <{marker}@example.com.br>\nTo: suporte@acme.com.br\n"
        f"Message-ID: <{marker}@example.com.br>\nSubject: Pedido {marker}\n"
        "Content-Type: text/plain; charset=utf-8\n\nOlá, o boleto não chegou.\n".encode()
    )


def _cpu_s(process: ServiceProcess) -> float:
    assert process.process is not None
    return cpu_seconds(process.process.pid)


async def _stored(tickets: Tickets, prefix: str, count: int) -> dict[str, float]:
    """Ticket created_at (epoch s) by marker, once all `count` tickets of `prefix` exist or
    none has been added for STALL_S (a message given up on: the figures say how many)."""
    query = {"subject": {"$regex": f"^(Segunda via|Pedido) {prefix}-"}}
    seen, progress = 0, time.monotonic()
    while seen < count and time.monotonic() - progress < STALL_S:
        await asyncio.sleep(0.2)
        if (now_seen := await tickets.count_documents(query)) > seen:
            seen, progress = now_seen, time.monotonic()
    found = tickets.find(query, {"subject": 1, "created_at": 1})
    return {d["subject"].rsplit(" ", 1)[1]: d["created_at"].timestamp() async for d in found}


async def _phase(
    name: str,
    count: int,
    send: Callable[[list[str]], Awaitable[dict[str, float]]],
    tickets: Tickets,
    processes: dict[str, ServiceProcess],
    mongo_url: str,
) -> dict[str, float]:
    """Send `count` items through `send` (marker → accepted at, epoch s) and time their tickets."""
    markers = [f"{name}-{n}" for n in range(count)]
    cpu = {service: _cpu_s(process) for service, process in processes.items()}
    server_cpu = ServerCpu(mongo_url)
    first = time.time()
    accepted = await send(markers)
    last_accepted = max(accepted.values())
    backlog = count - await tickets.count_documents({"subject": {"$regex": f" {name}-"}})
    stored = await _stored(tickets, name, count)
    latencies = sorted(stored[m] - accepted[m] for m in markers if m in stored)
    last_stored = max(stored.values())
    figures = {
        f"{name} accepted/s": count / (last_accepted - first),
        f"{name} tickets/s": count / (last_stored - first),
        f"{name} latency p50 ms": 1000 * statistics.median(latencies),
        f"{name} latency p99 ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        f"{name} without a ticket": float(count - len(stored)),
        f"{name} backlog when sending ended": float(backlog),
        f"{name} drain s after sending": max(0.0, last_stored - last_accepted),
    }
    for service, process in processes.items():
        figures[f"{name} {service} cpu ms/item"] = 1000 * (_cpu_s(process) - cpu[service]) / count
    if (server_ms := server_cpu.ms_per_item(count)) is not None:
        figures[f"{name} db server cpu ms/item"] = server_ms
    return figures


def _post_forms(url: str, *, per_s: float | None = None) -> Callable[[list[str]], Any]:
    async def send(markers: list[str]) -> dict[str, float]:
        limit, accepted = asyncio.Semaphore(CONCURRENCY), {}
        limits = httpx.Limits(max_connections=CONCURRENCY)
        async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:

            async def post(marker: str, due: float) -> None:
                await asyncio.sleep(max(0.0, due - time.monotonic()))
                async with limit:
                    for attempt in range(POST_ATTEMPTS):
                        try:
                            answer = await client.post("/v1/webform", json=_form(marker))
                            break
                        except httpx.TransportError:  # a kept-alive connection closed under us:
                            if attempt == POST_ATTEMPTS - 1:  # browsers post again, so do we
                                raise
                    answer.raise_for_status()
                accepted[marker] = time.time()

            start = time.monotonic()
            gap = 1 / per_s if per_s else 0.0
            await asyncio.gather(*(post(m, start + i * gap) for i, m in enumerate(markers)))
        return accepted

    return send


def _send_mails(port: int) -> Callable[[list[str]], Any]:
    def batch(markers: list[str], accepted: dict[str, float]) -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=120) as client:
            for marker in markers:
                client.sendmail(f"{marker}@example.com.br", ["suporte@acme.com.br"], _email(marker))
                accepted[marker] = time.time()

    async def send(markers: list[str]) -> dict[str, float]:
        accepted: dict[str, float] = {}
        batches = [markers[i::SMTP_CONNECTIONS] for i in range(SMTP_CONNECTIONS)]
        loop = asyncio.get_running_loop()
        with ThreadPoolExecutor(SMTP_CONNECTIONS) as pool:
            await asyncio.gather(*(loop.run_in_executor(pool, batch, b, accepted) for b in batches))
        return accepted

    return send


async def measure(run: IsolatedRun) -> dict[str, float]:
    logs = Path(tempfile.mkdtemp(prefix="door-to-ticket-bench-"))
    tickets_process = ServiceProcess("tickets", run.environment(), logs).start()
    intake, smtp_port = start_intake(run, logs)
    processes = {"intake": intake, "tickets": tickets_process}
    mongo: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(run.infrastructure.mongo_url)
    tickets = mongo[f"{run.database}_tickets"]["tickets"]
    try:
        for process in processes.values():
            ready = process.ready_status
            eventually(lambda: ready() == 200, timeout=120, what=f"{process.service} ready")  # noqa: B023
        steady = _post_forms(intake.url, per_s=OFFERED_PER_S)
        steady_count = int(OFFERED_PER_S * STEADY_S)
        url = run.infrastructure.mongo_url
        return {
            **await _phase("form", FORMS, _post_forms(intake.url), tickets, processes, url),
            **await _phase("mail", EMAILS, _send_mails(smtp_port), tickets, processes, url),
            **await _phase("steady", steady_count, steady, tickets, processes, url),
        }
    finally:
        for process in processes.values():
            process.stop()
        await mongo.close()


def run() -> dict[str, float]:
    """Measure on the project's infrastructure and print the figures."""
    return run_benchmark(measure)


if __name__ == "__main__":
    print_figures(
        f"web form / e-mail → ticket: {FORMS} forms, {EMAILS} e-mails, "
        f"{OFFERED_PER_S:.0f}/s for {STEADY_S:.0f} s",
        run(),
    )
