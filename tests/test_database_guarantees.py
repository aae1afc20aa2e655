"""What every service relies on from the database, checked on whichever server the run uses.

MongoDB gives all of it; a stand-in must too (FerretDB v1, the former local server, applied an
update as "query, then write" and lost concurrent updates of one document).
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import PyMongoError

from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async, free_port

Document = dict[str, object]


@pytest.fixture
async def documents(isolated_run: IsolatedRun) -> AsyncIterator[AsyncCollection[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        isolated_run.infrastructure.mongo_url, maxPoolSize=50
    )
    yield client[f"{isolated_run.database}_guarantees"]["documents"]
    await client.close()


# SecantusDB's command line does not pass its `ttl_sweep_seconds` setting on: its server class
# takes it. A separate process all the same (GPL-2.0-only: never imported by our code).
SECANTUSDB_MONITOR_EVERY_SECOND = """
import sys
from secantus.server import SecantusDBServer
server = SecantusDBServer(port=int(sys.argv[1]), storage_path=sys.argv[2], ttl_sweep_seconds=1)
server.start()
server.wait()
"""


async def _is_secantusdb(url: str) -> bool:
    client: AsyncMongoClient[Document] = AsyncMongoClient(url)
    try:
        return "secantusVersion" in await client.admin.command("buildInfo")
    finally:
        await client.close()


async def _answers(client: AsyncMongoClient[Document]) -> bool:
    try:
        await client.admin.command("ping")
    except PyMongoError:
        return False
    return True


@contextlib.contextmanager
def _secantusdb_of_its_own(folder: Path) -> Iterator[str]:
    port = free_port()
    with (folder / "secantusdb.log").open("ab") as log:
        server = subprocess.Popen(
            [sys.executable, "-c", SECANTUSDB_MONITOR_EVERY_SECOND, str(port), str(folder / "db")],
            stdout=log,
            stderr=log,
        )
    try:
        yield f"mongodb://127.0.0.1:{port}/?serverSelectionTimeoutMS=1000"
    finally:
        server.kill()
        server.wait(30)


@pytest.fixture
async def expiring_documents(
    isolated_run: IsolatedRun, tmp_path: Path
) -> AsyncIterator[AsyncCollection[Document]]:
    """A collection whose server's TTL monitor runs soon. MongoDB's runs every 60 s, and so
    does the local stand-in's: where the run uses SecantusDB, the collection lives on a
    SecantusDB of the test's own (same server, real TTL monitor thread) whose monitor runs
    every second, instead of the test waiting up to the shared server's minute."""
    with contextlib.ExitStack() as own:
        url = isolated_run.infrastructure.mongo_url
        if await _is_secantusdb(url):
            url = own.enter_context(_secantusdb_of_its_own(tmp_path))
        client: AsyncMongoClient[Document] = AsyncMongoClient(url)
        try:
            await eventually_async(partial(_answers, client), what=f"a database at {url}")
            yield client[f"{isolated_run.database}_guarantees"]["documents"]
        finally:
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
async def test_ttl_index_removes_expired_documents(
    expiring_documents: AsyncCollection[Document],
) -> None:
    """The inbox forgets applied events this way (the server's TTL monitor deletes them); its
    TTL indexes are sparse (a claim has no `applied_at`)."""
    documents = expiring_documents
    await documents.create_index("applied_at", expireAfterSeconds=60, sparse=True)
    long_ago = datetime.now(UTC) - timedelta(days=1)
    await documents.insert_many(
        [
            {"_id": "old", "applied_at": long_ago},
            {"_id": "recent", "applied_at": datetime.now(UTC)},
            {"_id": "claim", "lease_until": long_ago},
        ]
    )

    deadline = asyncio.get_running_loop().time() + 150
    while await documents.find_one({"_id": "old"}) is not None:
        assert asyncio.get_running_loop().time() < deadline, "expired document still there"
        await asyncio.sleep(0.2)
    assert await documents.find_one({"_id": "recent"}) is not None
    assert await documents.find_one({"_id": "claim"}) is not None


async def test_a_document_is_found_by_one_entry_of_an_indexed_array(
    documents: AsyncCollection[Document],
) -> None:
    """The inbox's applied marks: one document lists the claims of a batch (sparse multikey)."""
    await documents.create_index("applied", sparse=True)
    await documents.insert_many(
        [{"_id": "batch-1", "applied": ["q:e1", "q:e2"]}, {"_id": "q:e3", "lease_until": 1}]
    )

    found = await documents.find_one({"applied": "q:e2"})

    assert found is not None
    assert found["_id"] == "batch-1"
    assert await documents.find_one({"applied": "q:e3"}) is None


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
