"""Inbox writes of deliveries handled at the same time, sent as one database command.

A queue's deliveries are handled concurrently up to the prefetch. Their inbox claims and applied
marks are both inserts into the `inbox` collection; each would be one command, and each command
costs the driver far more CPU than the write costs the server. Writes queued while another is in
flight go out together when it returns, claims and marks alike, as one unordered `insert_many`
(a duplicate fails only its own entry); the marks of one command are one document listing their
claims. A claim's caller waits for its write to be stored before it goes on; an applied mark is
posted without waiting (see `inbox.py` for why that is safe), so the marks of finished
deliveries ride along with the claims of the next ones.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_runtime.database import Document, insert_new

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


class Batcher(Generic[Item, Outcome]):
    """Group commit: a write goes out at once when none is in flight; the writes queued while one
    is in flight go out together when it returns. One writer at a time pays no added latency."""

    def __init__(self, flush: Callable[[list[Item]], Awaitable[list[Outcome]]]) -> None:
        self._flush = flush
        self._waiting: list[tuple[Item, asyncio.Future[Outcome]]] = []
        self._in_flight = False
        self._draining: set[asyncio.Task[None]] = set()  # referenced until done

    async def submit(self, item: Item) -> Outcome:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if not self._in_flight:
            await self._send_waiting(own=future)
        return await future

    def post(self, item: Item) -> asyncio.Future[Outcome]:
        """Queue a write without waiting for it; the returned future says how it went."""
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if not self._in_flight:
            self._send_later()
        return future

    async def _send_waiting(self, own: asyncio.Future[Outcome] | None = None) -> None:
        """Send what waits now; what queued meanwhile goes out next, in a task of its own."""
        batch, self._waiting = self._waiting, []
        self._in_flight = True
        try:
            await self._deliver(batch)
        except asyncio.CancelledError:
            # The sender was cancelled (its service stops): the others' writes go out again
            # (a claim that did land reads as held until its lease ends; a mark is idempotent).
            self._waiting[:0] = [(item, f) for item, f in batch if f is not own and not f.done()]
            if own is not None:
                own.cancel()
            raise
        finally:
            self._in_flight = False
            if self._waiting:
                self._send_later()

    def _send_later(self) -> None:
        self._in_flight = True  # until the task runs: later writes join its batch
        task = asyncio.ensure_future(self._send_waiting())
        self._draining.add(task)
        task.add_done_callback(self._draining.discard)

    async def _deliver(self, batch: list[tuple[Item, asyncio.Future[Outcome]]]) -> None:
        try:
            outcomes = await self._flush([item for item, _ in batch])
        except Exception as error:  # an outage: every caller of the batch sees it
            for _, future in batch:
                if not future.done():
                    future.set_exception(error)
            return
        for (_, future), outcome in zip(batch, outcomes, strict=True):
            if not future.done():
                future.set_result(outcome)


@dataclass(frozen=True)
class AppliedMark:
    """That the event of claim `key` was applied (written with the others of its batch)."""

    key: str


InboxWrite = Document | AppliedMark


class InboxWrites:
    """Claims and applied marks of the `inbox` collection, group-committed together: one
    command carries what every delivery queued while the previous one was in flight, the marks
    of that batch as one document listing their claims (`applied`, indexed)."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection
        self.inserts: Batcher[InboxWrite, bool] = Batcher(self._write_all)

    async def _write_all(self, writes: list[InboxWrite]) -> list[bool]:
        """For a claim, True when stored and False when its `_id` existed already (a copy's
        claim); for a mark, whether its batch's document was stored."""
        claims = [write for write in writes if not isinstance(write, AppliedMark)]
        applied = [write.key for write in writes if isinstance(write, AppliedMark)]
        marks = [{"applied": applied, "applied_at": datetime.now(UTC)}] if applied else []
        stored = await insert_new(self._collection, claims + marks)
        claims_stored = iter(stored[: len(claims)])
        return [stored[-1] if isinstance(w, AppliedMark) else next(claims_stored) for w in writes]
