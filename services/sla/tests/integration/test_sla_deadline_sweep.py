"""The detection sweep on the real database: due clocks found by a range on the indexed deadline,
in a few queries however long the service was down, and none given up while it is untold."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient, monitoring

from helpdesk_calendar.service_clock import ServiceClock
from sla.adapters.clock_store import ClockStore, clock_fields
from sla.adapters.config_store import ConfigStore
from sla.adapters.staff_roster import StaffRoster
from sla.configuration import ActiveConfig
from sla.deadline_sweep import SweepOutcome, sweep_due_clocks
from sla.domain.clock_occurrences import start_clock
from sla.domain.sla_config import SlaConfig
from sla.service import SlaDependencies
from tests.support.isolation import IsolatedRun

pytestmark = pytest.mark.e2e
Document = dict[str, Any]
# The wall clock runs on during the test, at any hour: P0 here promises round-the-clock hours.
ROUND_THE_CLOCK_P0 = {
    "calendar": "24x7",
    "first_response_minutes": 240,
    "next_response_minutes": 60,
    "resolution_minutes": 240,
}
CONFIG = SlaConfig.model_validate(
    {"policies": SlaConfig().model_dump(mode="json")["policies"] | {"P0": ROUND_THE_CLOCK_P0}}
)
POLICY = CONFIG.to_policy()
P0 = timedelta(hours=4)
"""P0 answers and resolves in 4 hours round the clock; its warning comes after 3."""


@dataclass
class ClockQueries(monitoring.CommandListener):
    """The filters of every command sent to the `clocks` collection."""

    filters: list[Document] = field(default_factory=list)

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        command = event.command
        if command.get(event.command_name) != "clocks":
            return
        if event.command_name == "find":
            self.filters.append(dict(command["filter"]))
        elif event.command_name == "findAndModify":
            self.filters.append(dict(command["query"]))
        elif event.command_name == "update":
            self.filters += [dict(update["q"]) for update in command["updates"]]

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


@dataclass
class Sweeper:
    deps: SlaDependencies
    queries: ClockQueries

    async def file_p0_clock(self, number: int, *, opened: datetime) -> None:
        """A P0 ticket's clock as stored when it was opened."""
        clock = start_clock(ticket_number=number, priority="P0", opened_at=opened, policy=POLICY)
        fields = {**clock_fields(clock, opened, POLICY), "config_version": 0}
        assert await self.deps.clocks.insert(number, fields, [])

    async def sweep(self) -> SweepOutcome:
        return await sweep_due_clocks(
            self.deps, owner="test", lease=timedelta(seconds=30), batch=10
        )

    async def version(self, number: int) -> int:
        stored = await self.deps.clocks.get(number)
        assert stored is not None
        return stored.version


@pytest.fixture
async def sweeper(sla_run: IsolatedRun) -> AsyncIterator[Sweeper]:
    queries = ClockQueries()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        sla_run.infrastructure.mongo_url, tz_aware=True, event_listeners=[queries]
    )
    database = client[f"{sla_run.database}_sla"]
    deps = SlaDependencies(
        clocks=ClockStore(database),
        configs=ConfigStore(database),
        config=ActiveConfig(CONFIG),
        staff=StaffRoster(database),
        time=ServiceClock(),
        events_stored=lambda: None,
        deadlines_changed=lambda: None,
    )
    await deps.clocks.ensure_indexes()
    yield Sweeper(deps, queries)
    await client.close()


def finds(filters: list[Document]) -> list[Document]:
    """The filters that searched for clocks (not those naming one clock by its number)."""
    return [query for query in filters if not isinstance(query.get("_id"), int)]


async def test_clocks_that_fell_due_during_an_outage_are_told_at_the_first_sweep(
    sweeper: Sweeper,
) -> None:
    now = datetime.now(UTC)
    await sweeper.file_p0_clock(1, opened=now - timedelta(hours=5))  # warned 2 h ago
    await sweeper.file_p0_clock(2, opened=now - timedelta(hours=4, minutes=30))  # breached
    await sweeper.file_p0_clock(3, opened=now - timedelta(hours=1))  # warning in 2 h
    sweeper.queries.filters.clear()

    swept = await sweeper.sweep()

    assert (swept.stored, swept.left_due) == (2, False)
    assert [await sweeper.version(n) for n in (1, 2, 3)] == [2, 2, 1]
    searches = finds(sweeper.queries.filters)
    assert len(searches) <= 4  # the due clocks, what is still due, the next deadline
    assert all("next_deadline" in query for query in searches)
    again = await sweeper.sweep()
    assert again.stored == 0
    assert again.look_again_at <= datetime.now(UTC) + timedelta(minutes=1)  # at the latest


async def test_a_clock_another_replica_holds_stays_due_until_it_is_told(
    sweeper: Sweeper,
) -> None:
    now = datetime.now(UTC)
    await sweeper.file_p0_clock(7, opened=now - timedelta(hours=3, minutes=20))
    held = await sweeper.deps.clocks.claim(7, now=now, owner="other", until=now + P0)
    assert held is not None

    first = await sweeper.sweep()
    assert (first.stored, first.left_due) == (0, True)

    await sweeper.deps.clocks.release(7, "other")  # its lease ran out
    second = await sweeper.sweep()
    assert (second.stored, second.left_due) == (1, False)
    assert await sweeper.version(7) == 2
