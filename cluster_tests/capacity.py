"""How much steady load the replicated system takes here, and what backs up first.

`uv run python -m cluster_tests.capacity <rate msgs/s> <seconds>`: the chaos suite's two replicas
of every service on the 3-node cluster (`python3 deploy/cluster.py up` first) and its own
database, the chaos load client at `rate`, and no fault. Every 15 s it prints the messages
accepted, the service queues holding messages, the documents still holding unpublished events,
and the CPU share of each process; after the load, it keeps printing until all is drained (or
5 minutes). Prints figures, asserts nothing."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from pymongo import AsyncMongoClient

from cluster_tests.inbound_load import InboundLoad, LoadRecord
from cluster_tests.queue_depths import queue_depths
from cluster_tests.replicas import SERVICES, ReplicatedSystem, replicated_system
from cluster_tests.test_chaos_at_load import delete_queues
from deploy import cluster
from helpdesk_runtime.outbox import PENDING_FIELD
from tests.support.infrastructure import BrokerControl, Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.secrets import provide_random_secrets

EVERY_S = 15


async def pending_outbox(system: ReplicatedSystem) -> dict[str, int]:
    client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(system.database.url)
    found: dict[str, int] = {}
    async with client:
        for service in SERVICES:
            database = client[system.run.settings().database_name(service)]
            for name in await database.list_collection_names():
                if count := await database[name].count_documents({PENDING_FIELD: True}):
                    found[f"{service}.{name}"] = count
    return found


def cpu_shares(system: ReplicatedSystem) -> dict[str, float]:
    """%CPU over each process's life (ps), for the replicas, the database and RabbitMQ."""
    pids = {r.name: r.process.process.pid for r in system.replicas if r.process.process}
    shares = {name: _cpu(str(pid)) for name, pid in pids.items()}
    shares["secantusdb"] = _cpu(str(system.database._server.pid)) if system.database._server else 0
    beams = subprocess.run(["pgrep", "-f", "beam.smp.*helpdesk-"], capture_output=True)
    for number, pid in enumerate(beams.stdout.decode().split(), start=1):
        shares[f"rabbit-{number}"] = _cpu(pid)
    return shares


def _cpu(pid: str) -> float:
    answer = subprocess.run(["ps", "-o", "pcpu=", "-p", pid], capture_output=True, text=True)
    return float(answer.stdout.strip() or 0)


async def sample(system: ReplicatedSystem, record: LoadRecord, began: float) -> bool:
    """Prints one sample; whether nothing is left to do."""
    namespace = system.run.namespace
    depths = {n.removeprefix(namespace): c for n, c in (await queue_depths(system.run)).items()}
    pending = await pending_outbox(system)
    print(
        f"t={time.monotonic() - began:5.0f}s accepted {len(record.accepted)}/{len(record.sent)}"
        f"\n  queues {depths}\n  outbox pending {pending}"
        f"\n  cpu% {await asyncio.to_thread(cpu_shares, system)}",
        flush=True,
    )
    return not depths and not pending


async def probe(system: ReplicatedSystem, rate: float, seconds: float) -> None:
    record, began = LoadRecord(), time.monotonic()
    load = InboundLoad(system, record)
    sending = asyncio.create_task(load.send(int(rate * seconds), rate))
    while not sending.done():
        await asyncio.wait([sending], timeout=EVERY_S)
        await sample(system, record, began)
    await load.close()
    print(f"load: {load.rates()}", flush=True)
    for _ in range(300 // EVERY_S):
        if await sample(system, record, began):
            return
        await asyncio.sleep(EVERY_S)


def main() -> int:
    rate, seconds = float(sys.argv[1]), float(sys.argv[2])
    provide_random_secrets()
    url = cluster.up()
    run = IsolatedRun(Infrastructure(url, "", BrokerControl(), "deploy/cluster.py"))
    try:
        with tempfile.TemporaryDirectory() as folder, contextlib.ExitStack() as stack:
            system = stack.enter_context(replicated_system(run, Path(folder)))
            asyncio.run(probe(system, rate, seconds))
    finally:
        asyncio.run(delete_queues(run))
    return 0


if __name__ == "__main__":
    sys.exit(main())
