"""Benchmark: the consumers' inbox at 1 000 and at 100 000 remembered events.

`make bench ONLY=inbox_at_scale`. The inbox keeps one entry per queue and event for two weeks,
so a busy service holds hundreds of thousands. Seeded entries are applied events of three
queues (the last days' traffic) with a few still held by a live delivery. Paths, each timed by
the shared runtime's own `Inbox`:
- `inbox_claim_applied`: 100 new events delivered at once (up to a prefetch), each claimed and
  marked applied (claims and marks group-committed as inserts, a batch's marks one document);
- `inbox_redelivery`: 50 copies of applied events, each recognised and skipped (three in four
  by their batch's mark document, found through the `applied` index);
- `inbox_expired_claim`: 20 events whose claim a crashed worker left; each is taken over once
  its lease ran out (a conditional `update_one`).
Prints figures, asserts nothing.
"""

from __future__ import annotations

import asyncio
import random
import uuid
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document
from helpdesk_runtime.inbox import Claim, Inbox
from tests.bench.harness import print_figures
from tests.bench.scale import ScaleCase, insert_numbered, run_scale_benchmark

QUEUES = ("tickets.intake-events", "sla.ticket-events", "notify.ticket-events")
NEW_EVENTS = 100
REDELIVERED = 50
LEFT_BY_CRASH = 20
NOW = datetime.now(UTC)


def event_id(number: int) -> str:
    return str(uuid.UUID(int=random.Random(number).getrandbits(128)))


def key(number: int) -> str:
    return f"{QUEUES[number % len(QUEUES)]}:{event_id(number)}"


MARKED_TOGETHER = 32


def applied_at(number: int) -> datetime:
    return NOW - timedelta(seconds=4 * number % 432_000)


def entry(number: int) -> Document:
    """Applied over the last five days; one in 500 still held by a delivery in progress. One in
    four was applied by an earlier version (`applied_at` in the claim); the others' marks are
    documents listing `MARKED_TOGETHER` claims (`marks`)."""
    if number % 500 == 7:
        return {"_id": key(number), "lease_until": NOW + timedelta(seconds=30)}
    if number % 4 == 0:
        return {"_id": key(number), "applied_at": applied_at(number)}
    return {"_id": key(number), "lease_until": applied_at(number)}


def marks(block: int) -> Document:
    """The mark document of the claims numbered `block` * `MARKED_TOGETHER` onwards."""
    numbers = range(block * MARKED_TOGETHER, (block + 1) * MARKED_TOGETHER)
    applied = [key(n) for n in numbers if n % 500 != 7 and n % 4 != 0]
    return {"applied": applied, "applied_at": applied_at(numbers[0])}


async def cases(database: AsyncDatabase[Document]) -> list[ScaleCase]:
    inbox = Inbox(database, lease=timedelta(seconds=30))
    crashed = Inbox(database, lease=timedelta(0))  # its claims have run out at once
    await inbox.ensure_indexes()
    stored = [0]

    async def seed(count: int) -> None:
        await insert_numbered(database["inbox"], count, entry)
        await insert_numbered(database["inbox"], count // MARKED_TOGETHER, marks)
        stored[0] = count // MARKED_TOGETHER * MARKED_TOGETHER

    async def deliver(queue: str, event: str) -> None:
        assert await inbox.claim(queue, event) is Claim.TAKEN
        await inbox.applied(queue, event)

    async def claim_applied(tag: str) -> None:
        events = [f"{tag}-{n}" for n in range(NEW_EVENTS)]
        await asyncio.gather(*(deliver(QUEUES[0], event) for event in events))

    async def redelivery(tag: str) -> None:
        picks = random.Random(tag).sample(range(stored[0]), REDELIVERED)
        for number in picks:
            queue, event = key(number).split(":", 1)
            await inbox.claim(queue, event)

    async def crash(tag: str) -> None:
        for number in range(LEFT_BY_CRASH):
            await crashed.claim(QUEUES[1], f"{tag}-crashed-{number}")

    async def expired_claim(tag: str) -> None:
        for number in range(LEFT_BY_CRASH):
            assert await inbox.claim(QUEUES[1], f"{tag}-crashed-{number}") is Claim.TAKEN

    paths = {
        "inbox_claim_applied": claim_applied,
        "inbox_redelivery": redelivery,
        "inbox_expired_claim": expired_claim,
    }
    return [ScaleCase(seed=seed, paths=paths, prepare={"inbox_expired_claim": crash})]


def run() -> dict[str, float]:
    return run_scale_benchmark(cases)


if __name__ == "__main__":
    print_figures("inbox at scale", run())
