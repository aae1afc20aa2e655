"""MongoDB through PyMongo's asyncio API (Motor is deprecated in its favour)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import BulkWriteError

Document = dict[str, Any]
EARLIEST = datetime(1970, 1, 1, tzinfo=UTC)
DUPLICATE_KEY = 11000


def due_by(moment: datetime) -> Document:
    """A range of moments up to `moment`, bounded below too.

    For a field that settled documents keep as null (a sweep's "due at"), the local server
    walks every null entry of the index for a range open below: 4.8 s at 20 000 conversations,
    against 1 ms with both bounds. MongoDB reads the same entries either way.
    """
    return {"$gte": EARLIEST, "$lte": moment}


async def insert_new(
    collection: AsyncCollection[Document], documents: list[Document]
) -> list[bool]:
    """Insert `documents` in one unordered command, each on its own: True for each one stored,
    False for one whose `_id` (or another unique key) existed already. Any other failure raises.
    """
    if not documents:
        return []
    try:
        await collection.insert_many(documents, ordered=False)
    except BulkWriteError as error:
        errors = error.details.get("writeErrors", [])
        if any(entry.get("code") != DUPLICATE_KEY for entry in errors):
            raise
        duplicates = {entry["index"] for entry in errors}
        return [index not in duplicates for index in range(len(documents))]
    return [True] * len(documents)


def connect_mongo(url: str) -> AsyncMongoClient[Document]:
    """A client that fails fast enough for readiness probes to notice an outage."""
    return AsyncMongoClient(
        url,
        tz_aware=True,
        serverSelectionTimeoutMS=2000,
        connectTimeoutMS=2000,
        retryWrites=False,
    )


async def database_reachable(database: AsyncDatabase[Document]) -> str | None:
    """None when the database answers a ping, else the reason it does not."""
    try:
        await database.command("ping")
    except Exception as error:  # any driver failure means "not ready"; the reason is reported
        return f"database unreachable: {type(error).__name__}: {error}"[:300]
    return None
