"""Intake throughput: emails/s through SMTP and web-form posts/s through HTTP, each counted
until its event is confirmed on the broker (a spy queue holds that many messages).

Runs one intake process against the real broker and database, prints figures, asserts nothing.
`uv run python -m services.intake.bench_intake` from the repository root, or call `run()`
(or `await measure(run)` from inside an event loop, as tests/bench does).
"""

from __future__ import annotations

import asyncio
import smtplib
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aio_pika
import httpx

from services.intake.tests.intake_support import crlf, start_intake
from tests.bench.harness import print_figures, run_benchmark
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually, eventually_async

EMAILS = 200
FORMS = 200
CONCURRENCY = 8


def _email(number: int) -> bytes:
    return crlf(
        f"From: Cliente {number} <cliente{number}@example.com.br>\nTo: suporte@acme.com.br\n"
        f"Message-ID: <{uuid.uuid4().hex}@example.com.br>\nSubject: Pedido {number}\n"
        "Content-Type: text/plain; charset=utf-8\n\nOlá, o boleto não chegou.\n\n"
        "Em seg., 4 de mar. de 2024 às 09:12, Suporte <suporte@acme.com.br> escreveu:\n"
        "> Recebemos o seu chamado.\n".encode()
    )


def _send_batch(port: int, messages: list[bytes]) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=60) as client:
        for raw in messages:
            client.sendmail("cliente@example.com.br", ["suporte@acme.com.br"], raw)


async def _spy(run: IsolatedRun, name: str) -> aio_pika.abc.AbstractQueue:
    connection = await aio_pika.connect(run.infrastructure.amqp_url)
    channel = await connection.channel()
    exchange = await channel.declare_exchange(
        f"{run.namespace}helpdesk.events", aio_pika.ExchangeType.TOPIC, durable=True
    )
    queue = await channel.declare_queue(f"{run.namespace}bench.{name}", durable=True)
    await queue.bind(exchange, routing_key="intake.message.received.v1")
    return queue


async def _confirmed(queue: aio_pika.abc.AbstractQueue, count: int) -> None:
    async def reached() -> bool:
        declared = await queue.channel.declare_queue(queue.name, passive=True)
        return (declared.declaration_result.message_count or 0) >= count

    await eventually_async(reached, timeout=600, what=f"{count} events on {queue.name}")
    await queue.delete(if_unused=False, if_empty=False)


async def _smtp_rate(run: IsolatedRun, port: int) -> float:
    queue = await _spy(run, "smtp")
    messages = [_email(n) for n in range(EMAILS)]
    batches = [messages[i::CONCURRENCY] for i in range(CONCURRENCY)]
    started = time.perf_counter()
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        await asyncio.gather(*(loop.run_in_executor(pool, _send_batch, port, b) for b in batches))
    await _confirmed(queue, EMAILS)
    return EMAILS / (time.perf_counter() - started)


async def _webform_rate(run: IsolatedRun, url: str) -> float:
    queue = await _spy(run, "webform")
    forms = [
        {
            "name": f"Cliente {n}", "email": f"cliente{n}@example.com.br",
            "phone": "(11) 98765-4321", "category": "financeiro", "subcategory": "boleto",
            "subject": f"Segunda via {n}", "description": "Preciso da segunda via do boleto.",
        }
        for n in range(FORMS)
    ]  # fmt: skip
    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:

        async def post(form: dict[str, str]) -> None:
            async with limit:
                (await client.post("/v1/webform", json=form)).raise_for_status()

        started = time.perf_counter()
        await asyncio.gather(*(post(form) for form in forms))
        await _confirmed(queue, FORMS)
    return FORMS / (time.perf_counter() - started)


async def measure(run: IsolatedRun) -> dict[str, float]:
    """Start intake in `run`, then measure both doors to a confirmed publish."""
    process, smtp_port = start_intake(run, Path(tempfile.mkdtemp(prefix="intake-bench-")))
    try:
        eventually(lambda: process.ready_status() == 200, timeout=60, what="intake ready")
        return {
            "smtp_emails_per_s": await _smtp_rate(run, smtp_port),
            "webform_posts_per_s": await _webform_rate(run, process.url),
        }
    finally:
        process.stop()


def run() -> dict[str, float]:
    """Measure on the project's infrastructure and print the figures."""

    return run_benchmark(measure)


if __name__ == "__main__":
    print_figures(
        f"intake: {EMAILS} emails over SMTP, {FORMS} web-form posts, {CONCURRENCY} clients", run()
    )
