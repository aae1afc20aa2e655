"""Plain messages of many conversations stored by one command.

While one insert is on its way to the database, the messages that arrive meanwhile wait and go
together in the next one (unordered: they belong to different conversations, and a replica
writes one message of a conversation at a time). A quiet replica sends each message alone, at
once; a busy one sends fewer, larger commands instead of queueing one command per message
behind a server that answers one command at a time. Each message learns its own outcome: stored,
or the unique index it collided with.
"""

from __future__ import annotations

import asyncio
from typing import Any

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import BulkWriteError

from helpdesk_runtime.database import DUPLICATE_KEY, Document

MOST = 500
"""Documents per command at most."""
Outcome = dict[str, Any] | None
"""None: stored; else the `keyPattern` of the unique index the document collided with."""


class InsertBatches:
    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self._collection = collection
        self._waiting: list[tuple[Document, asyncio.Future[Outcome]]] = []
        self._sender: asyncio.Task[None] | None = None

    async def insert(self, document: Document) -> Outcome:
        """Store the document with the others waiting; a failure other than a duplicate raises."""
        outcome: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._waiting.append((document, outcome))
        if self._sender is None or self._sender.done():
            self._sender = asyncio.create_task(self._send())
        return await outcome

    async def _send(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[:MOST], self._waiting[MOST:]
            try:
                await self._collection.insert_many([item for item, _ in batch], ordered=False)
                collided: dict[int, Document] = {}
            except BulkWriteError as error:
                collided = {entry["index"]: entry for entry in error.details["writeErrors"]}
                _fail_other_errors(batch, collided, error)
            except Exception as error:  # outage: every waiting step reports it to its client
                for _, outcome in batch:
                    if not outcome.done():  # a waiter cancelled (its socket went) is done
                        outcome.set_exception(error)
                continue
            for index, (_, outcome) in enumerate(batch):
                if not outcome.done():
                    entry = collided.get(index)
                    outcome.set_result(None if entry is None else entry.get("keyPattern") or {})


def _fail_other_errors(
    batch: list[tuple[Document, asyncio.Future[Outcome]]],
    collided: dict[int, Document],
    error: BulkWriteError,
) -> None:
    for index, entry in collided.items():
        if entry.get("code") != DUPLICATE_KEY and not batch[index][1].done():
            batch[index][1].set_exception(error)
