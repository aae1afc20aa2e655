"""What every service relies on from the database, checked on whichever server the run uses.

MongoDB gives all of it; a stand-in must too (FerretDB v1, the former local server, applied an
update as "query, then write" and lost concurrent updates of one document).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection

from tests.support.isolation import IsolatedRun

Document = dict[str, object]


@pytest.fixture
async def documents(isolated_run: IsolatedRun) -> AsyncIterator[AsyncCollection[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, maxPoolSize=50
    )
    yield client[f"{isolated_run.database}_guarantees"]["documents"]
    await client.close()


async def test_concurrent_pushes_to_one_document_are_all_kept(
    documents: AsyncCollection[Document],
) -> None:
    await documents.insert_one({"_id": "ticket", "outbox": []})

    await asyncio.gather(
        *(documents.update_one({"_id": "ticket"}, {"$push": {"outbox": i}}) for i in range(100))
    )

    stored = await documents.find_one({"_id": "ticket"})
    assert stored is not None
    assert sorted(stored["outbox"]) == list(range(100))  # type: ignore[call-overload]


async def test_version_checked_update_succeeds_for_exactly_one_writer(
    documents: AsyncCollection[Document],
) -> None:
    await documents.insert_one({"_id": "ticket", "version": 1, "status": "new"})

    results = await asyncio.gather(
        *(
            documents.update_one(
                {"_id": "ticket", "version": 1}, {"$set": {"version": 2, "status": status}}
            )
            for status in ("open", "pending", "resolved", "on_hold") * 5
        )
    )

    assert sum(result.modified_count for result in results) == 1
