"""MongoDB through PyMongo's asyncio API (Motor is deprecated in its favour)."""

from __future__ import annotations

from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

Document = dict[str, Any]


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
