"""Benchmark: one detection pass over a database of open clocks of which 100 are due.

Run with `uv run python services/sla/bench_detection.py` (infrastructure from HELPDESK_MONGO_URL,
default the local one). It inserts the clocks directly (insert_many in batches), then times one
pass of the deadline watcher: the indexed query for due clocks, the atomic claim of each, the
computation of what is due and the single update storing it with its events. It reports figures
and asserts nothing. On FerretDB (SQLite) no query uses an index, so every claim and update scans
the collection: its figures grow with the number of clocks and say nothing about MongoDB's.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from helpdesk_runtime.database import connect_mongo
from sla.adapters.clock_store import FREE, ClockStore, clock_fields
from sla.adapters.config_store import ConfigStore
from sla.configuration import ActiveConfig
from sla.detection import detect_once
from sla.domain.clock import SlaClock
from sla.domain.clock_occurrences import start_clock
from sla.domain.due_actions import due_actions
from sla.domain.sla_config import SlaConfig
from sla.service import SlaDependencies
from sla.sla_events import action_event, clock_updated
from sla.time_source import ServiceClock

CLOCKS = 100_000
FERRETDB_CLOCKS = 2_000
"""FerretDB (SQLite) scans the whole collection for every claim and update, so 100 000 clocks
would take hours there; its figures are measured on fewer clocks and labelled so."""
DUE = 100
BATCH = 2000


def _documents(count: int, due: int, now: datetime) -> list[dict[str, Any]]:
    """`count` P2 clocks opened during the last days; the first `due` have a deadline passed."""
    policy = SlaConfig().to_policy()
    opened = now - timedelta(days=3)
    clock = start_clock(ticket_number=1, priority="P2", opened_at=opened, policy=policy)
    template = {**clock_fields(clock, opened), "version": 1, "config_version": 0}
    template |= {"lease_owner": None, "lease_until": FREE, "applied": [], "assignee": None}
    documents = []
    for number in range(1, count + 1):
        stored = dict(template, _id=number)
        stored["clock"] = {**template["clock"], "ticket_number": number}
        late = number <= due
        stored["next_deadline"] = now - timedelta(minutes=1) if late else now + timedelta(days=1)
        documents.append(stored)
    return documents


def _compute_ms_per_clock(documents: list[dict[str, Any]], now: datetime) -> float:
    """What one due clock costs in Python alone: due_actions, events and the stored form."""
    policy = SlaConfig().to_policy()
    began = time.perf_counter()
    for document in documents:
        clock, actions = due_actions(SlaClock.model_validate(document["clock"]), now)
        [action_event(clock, action, None) for action in actions]
        clock_updated(clock, now, policy)
        clock_fields(clock, now)
    return (time.perf_counter() - began) * 1000 / len(documents)


async def _measure(count: int | None, due: int) -> dict[str, float]:
    mongo = connect_mongo(os.environ.get("HELPDESK_MONGO_URL", "mongodb://127.0.0.1:27017/"))
    ferretdb = "ferretdbVersion" in await mongo.admin.command("buildInfo")
    count = count or (FERRETDB_CLOCKS if ferretdb else CLOCKS)
    database = mongo[f"bench_sla_{uuid.uuid4().hex[:8]}"]
    try:
        clocks = ClockStore(database)
        await clocks.ensure_indexes()
        now = datetime.now(UTC)
        began = time.perf_counter()
        documents = _documents(count, due, now)
        compute_ms = _compute_ms_per_clock(documents[:due], now)
        for start in range(0, count, BATCH):
            await clocks.collection.insert_many(documents[start : start + BATCH], ordered=False)
        inserted = time.perf_counter() - began
        deps = SlaDependencies(
            clocks=clocks,
            configs=ConfigStore(database),
            config=ActiveConfig(SlaConfig()),
            time=ServiceClock(),
            events_stored=lambda: None,
            deadlines_changed=lambda: None,
        )
        began = time.perf_counter()
        handled = await detect_once(deps, owner="bench", lease=timedelta(seconds=30), batch=due)
        detection = time.perf_counter() - began
        began = time.perf_counter()
        await clocks.due(datetime.now(UTC), due)
        empty_query = time.perf_counter() - began
    finally:
        await mongo.drop_database(database.name)
        await mongo.close()
    return {
        "open_clocks": float(count),
        "insert_s": inserted,
        "due_clocks_handled": float(handled),
        "detection_pass_ms": detection * 1000,
        "detection_ms_per_due_clock": detection * 1000 / max(handled, 1),
        "due_query_nothing_due_ms": empty_query * 1000,
        "python_ms_per_due_clock": compute_ms,
        "server_is_ferretdb": float(ferretdb),
    }


def run(clocks: int | None = None, due: int = DUE) -> dict[str, float]:
    """Figures of one detection pass with `due` of `clocks` open clocks due (default 100 000,
    2 000 on FerretDB; `open_clocks` in the figures says which)."""
    return asyncio.run(_measure(clocks, due))


if __name__ == "__main__":
    requested = os.environ.get("HELPDESK_BENCH_SLA_CLOCKS")
    for name, value in run(int(requested) if requested else None).items():
        print(f"{name}: {value:,.2f}")
