"""Per-key leases: one holder of a key at a time across replicas, different keys at once."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from helpdesk_runtime.inbox import EventInProgress
from helpdesk_runtime.key_leases import KeyBusy, KeyLeases
from tests.support.isolation import IsolatedRun

Document = dict[str, Any]


@pytest.fixture
async def two_replicas(isolated_run: IsolatedRun) -> AsyncIterator[list[KeyLeases]]:
    """Two processes' leases over one collection, each through its own client; a third that
    waits for a key held elsewhere only 50 ms."""
    clients: list[AsyncMongoClient[Document]] = [
        AsyncMongoClient(isolated_run.infrastructure.mongo_url, tz_aware=True) for _ in range(2)
    ]
    collection = f"{isolated_run.database}_leases"
    patient, impatient = timedelta(seconds=30), timedelta(milliseconds=50)
    yield [
        KeyLeases(client[collection]["leases"], lease=timedelta(seconds=30), patience=patience)
        for client, patience in zip(
            [*clients, clients[1]], [patient, patient, impatient], strict=True
        )
    ]
    for client in clients:
        await client.close()


async def test_a_key_is_held_by_one_replica_at_a_time(two_replicas: list[KeyLeases]) -> None:
    holding: Counter[str] = Counter()
    most = 0
    done: list[int] = []

    async def work(replica: KeyLeases, number: int) -> None:
        nonlocal most
        async with replica.hold("sender:email:ana@example.com.br"):
            holding["ana"] += 1
            most = max(most, holding["ana"])
            await asyncio.sleep(0.001)  # another holder would step in here
            holding["ana"] -= 1
            done.append(number)

    await asyncio.gather(*(work(two_replicas[n % 2], n) for n in range(12)))

    assert most == 1
    assert sorted(done) == list(range(12))


async def test_a_replica_applies_its_holders_of_a_key_in_arrival_order(
    two_replicas: list[KeyLeases],
) -> None:
    order: list[int] = []

    async def work(number: int) -> None:
        async with two_replicas[0].hold("sender:email:bia@example.com.br"):
            order.append(number)

    await asyncio.gather(*(work(n) for n in range(8)))

    assert order == list(range(8))


async def test_different_keys_are_held_at_the_same_time(two_replicas: list[KeyLeases]) -> None:
    inside = [asyncio.Event(), asyncio.Event()]

    async def work(replica: KeyLeases, mine: int) -> None:
        async with replica.hold(f"sender:email:{mine}@example.com.br"):
            inside[mine].set()
            await asyncio.wait_for(inside[1 - mine].wait(), timeout=10)

    one_replica = two_replicas[0]
    await asyncio.gather(work(one_replica, 0), work(one_replica, 1))


async def test_a_lease_left_by_a_crashed_replica_runs_out(
    isolated_run: IsolatedRun, two_replicas: list[KeyLeases]
) -> None:
    client: AsyncMongoClient[Document] = AsyncMongoClient(isolated_run.infrastructure.mongo_url)
    left = {"_id": "sender:email:cid@example.com.br", "holder": "crashed"}
    until = datetime.now(UTC) + timedelta(milliseconds=300)
    await client[f"{isolated_run.database}_leases"]["leases"].insert_one({**left, "until": until})
    await client.close()

    async with two_replicas[1].hold("sender:email:cid@example.com.br"):
        assert datetime.now(UTC) >= until


async def test_a_key_held_elsewhere_too_long_is_retried_by_the_broker_later(
    two_replicas: list[KeyLeases],
) -> None:
    impatient = two_replicas[2]
    async with two_replicas[0].hold("sender:email:dan@example.com.br"):
        with pytest.raises(KeyBusy) as busy:
            async with impatient.hold("sender:email:dan@example.com.br"):
                pass

    assert isinstance(busy.value, EventInProgress)  # the consumer retries it without a penalty
