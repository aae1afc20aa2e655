"""Benchmark: chat message round trip customer -> agent at 200 concurrent conversations.

Two chat replicas run as real processes; every customer is connected to the first, every agent
to the second, so each message is stored in MongoDB by one replica and relayed through
RabbitMQ to the other. The latency is from the customer's send to the agent's socket receiving
it. Run `uv run python -m services.chat.bench_chat` from the repository root; it prints figures
and asserts nothing.
Local stand-ins (SecantusDB, FerretDB) are much slower than MongoDB: do not quote their
figures as such.
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from functools import partial
from pathlib import Path
from typing import Any

import websockets
from pymongo import AsyncMongoClient

from services.chat.tests.chat_live import accepts_agent
from tests.bench.harness import cpu_seconds
from tests.bench.server_cpu import ServerCpu
from tests.support.infrastructure import provide_infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually
from tests.support.staff import announce_staff, staff_member

CONVERSATIONS = 200
AGENTS = 20
MESSAGES_EACH = int(os.environ.get("CHAT_BENCH_MESSAGES_EACH") or 5)
"""Messages per customer; `CHAT_BENCH_MESSAGES_EACH=200` with fewer conversations (argument)
measures long conversations."""
ACCEPT_TRIES = 24
"""An accept is resent every 5 s; after 2 min the set-up fails instead of hanging."""
_CONNECTING = asyncio.Semaphore(20)
KINDS = ("insert", "query", "update", "delete", "getmore", "command")


class AgentSocket:
    """One agent on the second replica, resolving a future per expected message text."""

    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection
        self.expected: dict[str, asyncio.Future[float]] = {}
        self.assigned: set[str] = set()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        async for raw in self.connection:
            frame = json.loads(raw)
            if frame["type"] == "assigned":
                self.assigned.add(frame["session_id"])
            elif frame["type"] == "message":
                waiter = self.expected.pop(frame["message"]["text"], None)
                if waiter is not None and not waiter.done():
                    waiter.set_result(time.perf_counter())


def _profilers(pids: list[int], logs: Path) -> list[subprocess.Popen[bytes]]:
    """With CHAT_BENCH_PYSPY set to a py-spy command (`uvx py-spy`), sample each replica while
    messages flow; collapsed stacks land beside the logs as profile-<pid>.txt."""
    command = os.environ.get("CHAT_BENCH_PYSPY")
    if not command:
        return []
    record = [*shlex.split(command), "record", "--nonblocking", "--format", "raw"]
    return [
        subprocess.Popen(
            [*record, "--pid", str(pid), "--output", str(logs / f"profile-{pid}.txt")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for pid in pids
    ]


def _stop(profilers: list[subprocess.Popen[bytes]]) -> None:
    for profiler in profilers:
        profiler.send_signal(signal.SIGINT)
    for profiler in profilers:
        profiler.wait(60)


def _pids(mongo_url: str, *replicas: ServiceProcess) -> list[int]:
    """The replicas' processes, then the database server's when it runs on this machine (0
    otherwise): a local stand-in's CPU is worth printing."""
    pids = [replica.process.pid if replica.process else 0 for replica in replicas]
    return [*pids, ServerCpu(mongo_url).pid or 0]


async def _customer(url: str, index: int) -> tuple[websockets.ClientConnection, str]:
    async with _CONNECTING:
        connection = await websockets.connect(
            f"{url}/v1/chat/ws", max_queue=None, ping_interval=None
        )
        start = {"type": "start", "name": "Cliente Bench", "email": f"c{index}@bench.example"}
        await connection.send(json.dumps(start))
        while (frame := json.loads(await connection.recv()))["type"] != "session":
            pass
        await connection.send(json.dumps({"type": "message", "text": "atendente"}))
    return connection, frame["session_id"]


async def _drain(connection: websockets.ClientConnection) -> None:
    async for _ in connection:
        pass


async def _measure(
    customer: websockets.ClientConnection, agent: AgentSocket, session_id: str
) -> list[float]:
    latencies = []
    for number in range(MESSAGES_EACH):
        text = f"bench {session_id} {number}"
        arrived: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        agent.expected[text] = arrived
        sent = time.perf_counter()
        await customer.send(json.dumps({"type": "message", "text": text}))
        latencies.append((await asyncio.wait_for(arrived, 120) - sent) * 1000)
    return latencies


async def _operations(mongo_url: str) -> dict[str, int]:
    """The database server's operation counters by kind (every client's: quiet only on a
    private one; `command` counts findAndModify, count, the drivers' heartbeats ...)."""
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(mongo_url)
    try:
        status = await client.admin.command("serverStatus")
    finally:
        await client.close()
    return {name: int(status["opcounters"].get(name, 0)) for name in KINDS}


async def _bench(
    first: ServiceProcess,
    second: ServiceProcess,
    tokens: list[str],
    conversations: int,
    mongo_url: str,
) -> dict[str, float]:
    url_a, url_b = (f"ws://127.0.0.1:{p.port}" for p in (first, second))
    agents = []
    for token in tokens:
        connection = await websockets.connect(
            f"{url_b}/v1/agent/ws",
            additional_headers={"Authorization": f"Bearer {token}"},
            ping_interval=None,
        )
        agents.append(AgentSocket(connection))
    began = time.perf_counter()
    customers = await asyncio.gather(*(_customer(url_a, i) for i in range(conversations)))
    drains = [asyncio.create_task(_drain(connection)) for connection, _ in customers]
    owner: dict[str, AgentSocket] = {}
    by_agent: defaultdict[int, list[str]] = defaultdict(list)
    for index, (_, session_id) in enumerate(customers):
        by_agent[index % len(agents)].append(session_id)
        owner[session_id] = agents[index % len(agents)]

    async def accept_all(agent: AgentSocket, sessions: list[str]) -> None:
        for session_id in sessions:
            for _ in range(ACCEPT_TRIES):
                if session_id in agent.assigned:
                    break
                await agent.connection.send(
                    json.dumps({"type": "accept", "session_id": session_id})
                )
                for _ in range(100):
                    if session_id in agent.assigned:
                        break
                    await asyncio.sleep(0.05)
            if session_id not in agent.assigned:  # e.g. its "atendente" came back busy
                raise RuntimeError(f"conversation {session_id} never reached the agent")

    await asyncio.gather(*(accept_all(agents[i], s) for i, s in by_agent.items()))
    setup_s = time.perf_counter() - began
    pids = _pids(mongo_url, first, second)
    profilers = _profilers([pid for pid in pids if pid], first.log_dir)
    await asyncio.sleep(1 if profilers else 0)  # py-spy attaches
    operations = await _operations(mongo_url)
    cpu_before = [cpu_seconds(pid) for pid in pids] + [time.process_time()]
    began = time.perf_counter()
    results = await asyncio.gather(
        *(_measure(connection, owner[sid], sid) for connection, sid in customers)
    )
    elapsed = time.perf_counter() - began
    cpu_after = [cpu_seconds(pid) for pid in pids] + [time.process_time()]
    _stop(profilers)
    operations_after = await _operations(mongo_url)
    used = [after - before for before, after in zip(cpu_before, cpu_after, strict=True)]
    latencies = sorted(value for result in results for value in result)
    per_message = {
        f"db_{name}s_per_message": (operations_after[name] - count) / len(latencies)
        for name, count in operations.items()
    }
    for task in drains:
        task.cancel()
    for connection, _ in customers:
        await connection.close()
    for agent in agents:
        await agent.connection.close()
    return {
        "conversations": float(conversations),
        "messages": float(len(latencies)),
        "setup_s": setup_s,
        "messages_per_s": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
        "max_ms": latencies[-1],
        "cpu_customer_replica_pct": used[0] / elapsed * 100,
        "cpu_agent_replica_pct": used[1] / elapsed * 100,
        "cpu_database_server_pct": used[2] / elapsed * 100,
        "cpu_ms_per_message_customer_replica": used[0] / len(latencies) * 1000,
        "cpu_ms_per_message_agent_replica": used[1] / len(latencies) * 1000,
        "cpu_ms_per_message_database_server": used[2] / len(latencies) * 1000,
        "cpu_ms_per_message_bench_clients": used[3] / len(latencies) * 1000,
        **per_message,
    }


def run(conversations: int = CONVERSATIONS) -> dict[str, float]:
    """Start two replicas on an isolated run, measure, stop them; returns the figures."""
    staff = [staff_member(f"Agente {i}") for i in range(AGENTS)]
    logs = Path(__file__).resolve().parents[2] / ".run" / "bench-chat-logs"  # kept for diagnosis
    with provide_infrastructure() as infrastructure:
        isolated = IsolatedRun(infrastructure)
        environment = isolated.environment(
            HELPDESK_CALENDAR_NAME="24x7", HELPDESK_LOG_LEVEL="WARNING"
        )
        replicas = [ServiceProcess("chat", environment, logs).start() for _ in range(2)]
        try:
            for replica in replicas:
                eventually(lambda r=replica: r.ready_status() == 200, timeout=120, what="ready")
            asyncio.run(announce_staff(infrastructure.amqp_url, isolated.namespace, *staff))
            for member in staff:
                eventually(partial(accepts_agent, replicas[1], member.token), what="agent known")
            tokens = [member.token for member in staff]
            bench = _bench(
                replicas[0], replicas[1], tokens, conversations, infrastructure.mongo_url
            )
            return asyncio.run(bench)
        finally:
            for replica in replicas:
                replica.stop()
            asyncio.run(isolated.clean_up())


def _print(figures: dict[str, Any]) -> None:
    print(f"\n== chat round trip customer -> agent, {figures['conversations']:.0f} conversations")
    for name, value in figures.items():
        print(f"  {name:<28} {value:>12.2f}")


if __name__ == "__main__":
    _print(run(int(sys.argv[1]) if len(sys.argv) > 1 else CONVERSATIONS))
