"""A short lease per conversation, so that one writer at a time changes it (on any replica).

Why: FerretDB (the local test server) applies a filtered update as read-modify-write without
isolation, so two concurrent updates of one document can both "match" and one is lost. An
insert with the conversation's id as key is atomic on FerretDB and MongoDB alike, so holding a
lease document serialises the writers; a lease left by a crashed replica expires.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.database import Document


class LeaseTimeout(RuntimeError):
    """The conversation stayed locked longer than a writer may wait."""


class ConversationLocks:
    def __init__(
        self,
        database: AsyncDatabase[Document],
        clock: Callable[[], datetime],
        *,
        lease: timedelta = timedelta(seconds=15),
        wait: timedelta = timedelta(seconds=20),
    ) -> None:
        self.collection: AsyncCollection[Document] = database["conversation_leases"]
        self._clock = clock
        self._lease = lease
        self._wait = wait.total_seconds()

    @contextlib.asynccontextmanager
    async def hold(self, session_id: str, *, wait: bool = True) -> AsyncIterator[None]:
        """Hold the conversation's lease for the block; `wait=False`: LeaseTimeout if held."""
        holder = uuid.uuid4().hex
        await self._acquire(session_id, holder, wait=wait)
        try:
            yield
        finally:
            await self.collection.delete_one({"_id": session_id, "holder": holder})

    async def _acquire(self, session_id: str, holder: str, *, wait: bool) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (self._wait if wait else 0.0)
        pause = 0.002
        while True:
            now = self._clock()
            try:
                await self.collection.insert_one(
                    {"_id": session_id, "holder": holder, "until": now + self._lease}
                )
                return
            except DuplicateKeyError:
                pass
            while (held := await self.collection.find_one({"_id": session_id})) is not None:
                if held["until"] < self._clock():  # its holder died: take the lease over
                    await self.collection.delete_one({"_id": session_id, "holder": held["holder"]})
                    break
                if loop.time() >= deadline:
                    raise LeaseTimeout(session_id)
                # another writer holds it for a few milliseconds; reads do not load SQLite
                await asyncio.sleep(pause)
                pause = min(pause * 2, 0.05)
