"""Benchmark: one detection pass over 1 000 and over 100 000 open clocks, 100 of them due.

Run with `make bench ONLY=sla` or `uv run python services/sla/bench_detection.py` (database from
HELPDESK_MONGO_URL, default the local one; HELPDESK_BENCH_SLA_CLOCKS replaces the larger count).
A pass must not cost more as open clocks grow: `detection_ratio_large_to_small` compares the two
passes (the goal is at most 2). For each size it inserts the clocks directly (insert_many in
batches) into a database of its own, with deadlines spread over the next days, and times one
sweep of the deadline watcher: the range query on the indexed deadline, the atomic claim of each
due clock, the computation of what is due (the people each escalation tells read from a staff
directory of three, once per role and pass) and the single update storing it with its events in
the outbox.
Then it times a sweep with nothing due. It reports figures, asserts nothing and drops its database.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import AutoReconnect

from helpdesk_calendar.service_clock import ServiceClock
from helpdesk_contracts.events.staff import StaffMemberUpdated
from helpdesk_runtime.database import connect_mongo
from helpdesk_runtime.staff_directory import StaffDirectory
from sla.adapters.clock_lists import ClockState, ListPosition
from sla.adapters.clock_store import FREE, ClockStore, clock_fields
from sla.adapters.config_store import ConfigStore
from sla.adapters.staff_roster import StaffRoster
from sla.configuration import ActiveConfig
from sla.deadline_sweep import sweep_due_clocks
from sla.domain.clock_occurrences import start_clock
from sla.domain.sla_config import SlaConfig
from sla.service import SlaDependencies

CLOCKS = 100_000
SMALL = 1_000
DUE = 100
BATCH = 2_000
LISTED = 500
"""Clocks 101-500 are half at risk, half breached (with the 100 due ones: 200 at risk and 300
breached at every size, the lists the workspace pages through)."""
SPREAD = timedelta(days=5)
"""Deadlines of the clocks not due lie from an hour to five days ahead, about 14 to a minute."""


def _documents(count: int, due: int, now: datetime) -> list[dict[str, Any]]:
    """`count` P2 clocks opened a month ago; the first `due` had a deadline a minute ago (their
    breaches and escalations are due), the others have one ahead."""
    policy = SlaConfig().to_policy()
    opened = now - timedelta(days=30)
    clock = start_clock(ticket_number=1, priority="P2", opened_at=opened, policy=policy)
    template = {**clock_fields(clock, opened, policy), "version": 1, "config_version": 0}
    template |= {"lease_owner": None, "lease_until": FREE, "applied": [], "assignee": None}
    step = (SPREAD - timedelta(hours=1)) / count
    documents = []
    for number in range(1, count + 1):
        late = number <= due
        deadline = now - timedelta(minutes=1) if late else now + timedelta(hours=1) + step * number
        stored = dict(template, _id=number, next_deadline=deadline, **_risk(number, now, deadline))
        stored["clock"] = {**template["clock"], "ticket_number": number}
        documents.append(stored)
    return documents


def _risk(number: int, now: datetime, deadline: datetime) -> dict[str, datetime | None]:
    """The clocks after the due ones up to `LISTED`: even ones breached, odd ones at risk (the
    same lists at every size); the others fall at risk later."""
    if DUE < number <= LISTED and number % 2 == 0:
        return {"at_risk_from": None, "running_due": now - timedelta(minutes=number)}
    if DUE < number <= LISTED:
        return {"at_risk_from": now - timedelta(hours=1), "running_due": deadline}
    return {"at_risk_from": deadline, "running_due": deadline + timedelta(hours=2)}


async def _list_pages_ms(clocks: ClockStore, now: datetime) -> dict[str, float]:
    """The first page of 50 and the next one of each list (`GET /v1/clocks?state=`)."""
    figures = {}
    states: tuple[ClockState, ...] = ("at_risk", "breached")
    for state in states:
        began = time.perf_counter()
        first = await clocks.in_state(state, now=now, limit=51, after=None)
        last, due = first[49]
        after = ListPosition(due, last.clock.ticket_number)
        await clocks.in_state(state, now=now, limit=51, after=after)
        figures[f"list_{state}_two_pages_ms"] = (time.perf_counter() - began) * 1000
    return figures


async def _announce_staff(database: AsyncDatabase[dict[str, Any]]) -> None:
    """A leader, a coordinator and a manager, whom the escalations of every due clock tell."""
    directory = StaffDirectory(database)
    for role in ("leader", "coordinator", "manager"):
        name = f"{role.capitalize()} de plantão"
        member = StaffMemberUpdated(agent_id=f"bench-{role}", revision=1, name=name, role=role)
        await directory.apply(member)


async def _with_events(clocks: ClockStore, numbers: range) -> int:
    """How many of the clocks `numbers` have events waiting in their outbox."""
    found = 0
    for number in numbers:
        document = await clocks.collection.find_one({"_id": number}, {"outbox": 1})
        found += bool(document and document.get("outbox"))
    return found


async def _drop(mongo: AsyncMongoClient[dict[str, Any]], name: str) -> None:
    """Drop the bench database; the shared local server under load sometimes drops the
    connection of a long drop, and the client reconnects for the next try."""
    for attempt in range(3):
        try:
            await mongo.drop_database(name)
            return
        except AutoReconnect:
            print(f"dropping {name}: connection lost (try {attempt + 1} of 3)")
    print(f"database {name} left behind: drop it by hand")


async def _measure(count: int, due: int) -> dict[str, float]:
    mongo = connect_mongo(os.environ.get("HELPDESK_MONGO_URL", "mongodb://127.0.0.1:27017/"))
    database = mongo[f"bench_sla_{uuid.uuid4().hex[:8]}"]
    try:
        clocks = ClockStore(database)
        deps = SlaDependencies(
            clocks=clocks,
            configs=ConfigStore(database),
            config=ActiveConfig(SlaConfig()),
            staff=StaffRoster(database),
            time=ServiceClock(),
            events_stored=lambda: None,
            deadlines_changed=lambda: None,
        )
        await clocks.ensure_indexes()
        await deps.staff.ensure_indexes()
        await _announce_staff(database)
        now = datetime.now(UTC)
        began = time.perf_counter()
        documents = _documents(count, due, now)
        for start in range(0, count, BATCH):
            await clocks.collection.insert_many(documents[start : start + BATCH], ordered=False)
        inserted = time.perf_counter() - began
        lease = timedelta(seconds=30)
        began = time.perf_counter()
        swept = await sweep_due_clocks(deps, owner="bench", lease=lease, batch=100)
        detection = time.perf_counter() - began
        began = time.perf_counter()
        await sweep_due_clocks(deps, owner="bench", lease=lease, batch=100)
        nothing_due = time.perf_counter() - began
        outbox = await _with_events(clocks, range(1, due + 1))
        lists = await _list_pages_ms(clocks, now)
    finally:
        await _drop(mongo, database.name)
        await mongo.close()
    return {
        "insert_s": inserted,
        "due_clocks_handled": float(swept.stored),
        "due_clocks_with_events_in_outbox": float(outbox),
        "detection_pass_ms": detection * 1000,
        "detection_ms_per_due_clock": detection * 1000 / max(swept.stored, 1),
        "sweep_nothing_due_ms": nothing_due * 1000,
        **lists,
    }


def run(sizes: tuple[int, ...] = (SMALL, CLOCKS), due: int = DUE) -> dict[str, float]:
    """Figures of one detection pass with `due` clocks due, at each count of open clocks."""
    requested = os.environ.get("HELPDESK_BENCH_SLA_CLOCKS")
    if requested:
        sizes = (*sizes[:-1], int(requested))
    figures: dict[str, float] = {}
    for count in sizes:
        measured = asyncio.run(_measure(count, due))
        figures |= {f"{name}_at_{count}": value for name, value in measured.items()}
    small, large = sizes[0], sizes[-1]
    ratio = figures[f"detection_pass_ms_at_{large}"] / figures[f"detection_pass_ms_at_{small}"]
    figures["detection_ratio_large_to_small"] = ratio
    return figures


if __name__ == "__main__":
    for name, value in run().items():
        print(f"{name}: {value:,.2f}")
