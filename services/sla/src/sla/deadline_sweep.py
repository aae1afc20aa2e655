"""One detection pass: read the slots of due clocks minute by minute, never every open clock.

A pass reads each minute from the sweep mark up to the next minute (one equality query each),
handles the clocks found due there (`handle_due_clock`: claim, tell, store) and then moves the
mark past the minutes it found empty of due clocks. A minute is closed only `SETTLE` after it
ended, so that a write filed under it a little late (computed, then delayed on the way to the
database) is still read. After an outage the first pass catches up minute by minute: a day is
1 440 cheap queries. The deadlines not yet due in the current and the next minute say when to
look again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sla.adapters.due_slots import MINUTE, minute_of
from sla.detection import handle_due_clock
from sla.people_to_tell import StaffByRole
from sla.service import SlaDependencies

SETTLE = timedelta(minutes=2)
"""Service time a clock's write may take to land after it chose its slot (the database client
gives up after about 2 s). Larger only costs a few more equality queries per pass."""


@dataclass(frozen=True)
class SweepOutcome:
    stored: int
    """Due clocks this replica handled and stored."""
    left_due: bool
    """A due clock stays (held by another replica, or changed while handled): look again soon."""
    look_again_at: datetime
    """The earliest deadline not yet due in the minutes read (the current and the next one),
    else the end of the last minute read."""


async def start_sweeping(deps: SlaDependencies) -> None:
    """Place the sweep mark on a database that has none (start-up)."""
    now = deps.time.now()
    await deps.slots.start(from_minute=now - SETTLE, now=now)


async def sweep_due_clocks(
    deps: SlaDependencies, *, owner: str, lease: timedelta, batch: int, concurrency: int = 8
) -> SweepOutcome:
    """Handle every clock due now, `batch` at a time and `concurrency` at once."""
    now = deps.time.now()
    closable = minute_of(now - SETTLE)
    start = await deps.slots.open_from() or closable
    first_open: datetime | None = None
    upcoming: list[datetime] = []
    stored, left_due = 0, False
    staff = StaffByRole(deps.staff)  # the directory read at most once per role in a pass
    minute = start
    while minute <= minute_of(now) + MINUTE:
        entries = await deps.slots.entries(minute)
        due = [entry for entry in entries if entry.next_deadline <= now]
        free = [entry.number for entry in due if entry.lease_until <= now]
        upcoming += [entry.next_deadline for entry in entries if entry.next_deadline > now]
        handled = await _handle(deps, free, now, owner, lease, batch, concurrency, staff)
        complete = handled == len(due)
        stored, left_due = stored + handled, left_due or not complete
        if first_open is None and (minute >= closable or not complete):
            first_open = minute
        minute += MINUTE
    if first_open is not None and first_open > start:
        await deps.slots.close_before(first_open)
    return SweepOutcome(stored, left_due, min(upcoming, default=minute))


async def _handle(
    deps: SlaDependencies,
    numbers: Sequence[int],
    now: datetime,
    owner: str,
    lease: timedelta,
    batch: int,
    concurrency: int,
    staff: StaffByRole,
) -> int:
    """How many of the due clocks `numbers` this replica claimed and stored."""
    limit = asyncio.Semaphore(concurrency)

    async def handle(number: int) -> bool:
        async with limit:
            return await handle_due_clock(
                deps, number, now=now, owner=owner, lease=lease, staff=staff
            )

    stored = 0
    for first in range(0, len(numbers), batch):
        chunk = numbers[first : first + batch]
        outcomes = await asyncio.gather(*(handle(n) for n in chunk), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome  # an outage: the clocks not stored stay due (or leased until expiry)
        stored += sum(1 for outcome in outcomes if outcome is True)
    return stored
