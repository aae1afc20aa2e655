"""What every service relies on from the database, checked on whichever server the run uses.

MongoDB gives all of it; a stand-in must too (FerretDB v1, the former local server, applied an
update as "query, then write" and lost concurrent updates of one document).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

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


@pytest.mark.timeout(200)
async def test_ttl_index_removes_expired_documents(documents: AsyncCollection[Document]) -> None:
    """The inbox forgets applied events this way (MongoDB's TTL monitor runs every 60 s)."""
    await documents.create_index("applied_at", expireAfterSeconds=60)
    long_ago = datetime.now(UTC) - timedelta(days=1)
    await documents.insert_many(
        [{"_id": "old", "applied_at": long_ago}, {"_id": "recent", "applied_at": datetime.now(UTC)}]
    )

    deadline = asyncio.get_running_loop().time() + 150
    while await documents.find_one({"_id": "old"}) is not None:
        assert asyncio.get_running_loop().time() < deadline, "expired document still there"
        await asyncio.sleep(2)
    assert await documents.find_one({"_id": "recent"}) is not None


async def test_pull_with_a_condition_removes_only_matching_entries(
    documents: AsyncCollection[Document],
) -> None:
    """The outbox relay removes published events by event_id this way."""
    entries = [{"event_id": f"e{i}", "body": "{}"} for i in range(4)]
    await documents.insert_one({"_id": "ticket", "outbox": entries})

    await documents.update_one(
        {"_id": "ticket"}, {"$pull": {"outbox": {"event_id": {"$in": ["e0", "e2"]}}}}
    )

    stored = await documents.find_one({"_id": "ticket"})
    assert stored is not None
    assert stored["outbox"] == [entries[1], entries[3]]
