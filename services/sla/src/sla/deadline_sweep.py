"""One detection pass: the due clocks come from a range on the indexed next deadline.

A pass asks for the clocks due now that nobody holds, earliest first, `batch` at a time, and
handles them (`handle_due_clock`: claim, tell, store). Its cost follows the due clocks, never the
open ones; after an outage the first pass finds everything that fell due meanwhile in the same
query. A clock stored with a deadline already past is found by the next pass. The earliest
deadline within `LOOK_AHEAD` says when to look again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sla.detection import handle_due_clock
from sla.people_to_tell import StaffByRole
from sla.service import SlaDependencies

LOOK_AHEAD = timedelta(minutes=1)
"""How far ahead a pass looks for the next deadline (service time). The watcher looks again at
least every few seconds anyway, and a write that brings a deadline closer wakes it; a bounded
range stays cheap on the local server, which reads a whole range before applying its limit."""


@dataclass(frozen=True)
class SweepOutcome:
    stored: int
    """Due clocks this replica handled and stored."""
    left_due: bool
    """A due clock stays (held by another replica, or changed while handled): look again soon."""
    look_again_at: datetime
    """The earliest deadline within `LOOK_AHEAD`, else `LOOK_AHEAD` from now."""


async def sweep_due_clocks(
    deps: SlaDependencies, *, owner: str, lease: timedelta, batch: int, concurrency: int = 8
) -> SweepOutcome:
    """Handle every clock due now, `batch` at a time and `concurrency` at once."""
    now = deps.time.now()
    staff = StaffByRole(deps.staff)  # the directory read at most once per role in a pass
    stored, seen = 0, set[int]()
    while numbers := [n for n in await deps.clocks.due(now, limit=batch) if n not in seen]:
        seen.update(numbers)  # a clock handled once is not handled again in the same pass
        handled = await _handle(deps, numbers, now, owner, lease, concurrency, staff)
        stored += handled
        if handled < len(numbers):
            break  # another replica holds some, or they changed meanwhile: the next pass retries
    left_due = await deps.clocks.any_due(now)
    upcoming = await deps.clocks.next_deadline_within(now, LOOK_AHEAD)
    return SweepOutcome(stored, left_due, upcoming or now + LOOK_AHEAD)


async def _handle(
    deps: SlaDependencies,
    numbers: Sequence[int],
    now: datetime,
    owner: str,
    lease: timedelta,
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

    outcomes = await asyncio.gather(*(handle(n) for n in numbers), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise outcome  # an outage: the clocks not stored stay due (or leased until expiry)
    return sum(1 for outcome in outcomes if outcome is True)
