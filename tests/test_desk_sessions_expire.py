"""The workspace's sessions leave the database by themselves when they expire (a TTL index on
`desk_sessions.expires_at`), also where an older desk created the plain index of its sweep."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase

from desk.adapters.sessions import SessionStore
from helpdesk_runtime.database import Document
from tests.support.isolation import IsolatedRun

pytestmark = pytest.mark.e2e


@pytest.fixture
async def database(isolated_run: IsolatedRun) -> AsyncIterator[AsyncDatabase[Document]]:
    client: AsyncMongoClient[Document] = AsyncMongoClient(isolated_run.infrastructure.mongo_url)
    yield client[f"{isolated_run.database}_desk"]
    await client.close()


async def test_expired_desk_sessions_are_deleted_by_the_database(
    database: AsyncDatabase[Document],
) -> None:
    await database["desk_sessions"].create_index("expires_at")  # the former sweep's index
    await SessionStore(database).ensure_indexes()
    await SessionStore(database).ensure_indexes()  # every start-up: no conflict the second time

    index = (await database["desk_sessions"].index_information())["expires_at_1"]
    assert index["expireAfterSeconds"] == 0
