"""Work on one key at a time across every replica, and on different keys in parallel.

A consumer whose messages depend on the ones before them for the same key (a requester's
messages: threading, the duplicate guard) holds that key's lease while it applies one. Inside a
process the holders of a key queue in arrival order (a FIFO lock per key); across processes the
lease is a document `{_id: key, holder, until}` taken by one conditional `update_one` with
upsert: it matches only a lease that has run out, and where a live lease exists the upsert's
insert fails on `_id` (so nothing is read and the collection is never scanned). The holder
deletes its lease when done; a lease left by a crashed process runs out after `lease`.

A key held elsewhere is asked for again with a short backoff up to `patience`, then
`KeyBusy` lets the broker bring the delivery back later without spending its attempts.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.database import Document
from helpdesk_runtime.inbox import EventInProgress

FIRST_BACKOFF_S = 0.005
LONGEST_BACKOFF_S = 0.1


class KeyBusy(EventInProgress):
    """Another replica holds the key for longer than this one waits: retried after a delay."""


class KeyLeases:
    """Per-key mutual exclusion for the processes sharing `collection`."""

    def __init__(
        self,
        collection: AsyncCollection[Document],
        *,
        lease: timedelta,
        patience: timedelta = timedelta(seconds=2),
    ) -> None:
        self._collection = collection
        self._lease = lease
        self._patience = patience.total_seconds()
        self._local: dict[str, tuple[asyncio.Lock, int]] = {}

    async def ensure_indexes(self) -> None:
        """Leases a crashed holder left behind are deleted by the server some time after."""
        await self._collection.create_index("until", expireAfterSeconds=3600)

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        """Run the block while holding `key`: after earlier holders here, alone everywhere."""
        lock, waiting = self._local.get(key, (asyncio.Lock(), 0))
        self._local[key] = (lock, waiting + 1)
        try:
            async with lock:
                token = await self._acquire(key)
                try:
                    yield
                finally:
                    await self._collection.delete_one({"_id": key, "holder": token})
        finally:
            lock, waiting = self._local[key]
            if waiting == 1:
                del self._local[key]
            else:
                self._local[key] = (lock, waiting - 1)

    async def _acquire(self, key: str) -> str:
        token, backoff = uuid.uuid4().hex, FIRST_BACKOFF_S
        deadline = asyncio.get_running_loop().time() + self._patience
        while not await self._take(key, token):
            if asyncio.get_running_loop().time() + backoff > deadline:
                raise KeyBusy(f"{key} is held by another replica")
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, LONGEST_BACKOFF_S)
        return token

    async def _take(self, key: str, token: str) -> bool:
        now = datetime.now(UTC)
        try:
            await self._collection.update_one(
                {"_id": key, "until": {"$lte": now}},
                {"$set": {"holder": token, "until": now + self._lease}},
                upsert=True,
            )
        except DuplicateKeyError:  # a live lease of another holder
            return False
        return True
