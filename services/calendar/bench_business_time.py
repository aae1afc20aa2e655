"""Benchmark: business-time arithmetic rate on the default Brazilian calendar (operations/s).

Run with `uv run python services/calendar/bench_business_time.py`. It reports figures and never
asserts a speed: targets live in the notes, not in tests.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime, timedelta

from helpdesk_calendar.business_time import add_business_minutes, business_minutes_between
from helpdesk_calendar.config import default_calendars
from tests.bench.harness import print_figures

OPERATIONS = 20_000
# Targets from 1 business hour to two business weeks, the range SLA policies use.
MINUTES = (60, 240, 720, 1440, 2400, 2880, 5400)


def run(operations: int = OPERATIONS, seed: int = 5) -> dict[str, float]:
    """Operations per second of add_business_minutes and business_minutes_between."""
    calendar = default_calendars()["business"].to_calendar("business")
    chooser = random.Random(seed)
    first = datetime(2026, 1, 1, tzinfo=UTC)
    starts = [
        first + timedelta(seconds=chooser.randrange(2 * 365 * 86400)) for _ in range(operations)
    ]
    amounts = [chooser.choice(MINUTES) for _ in range(operations)]
    ends = [start + timedelta(minutes=chooser.randrange(1, 30 * 1440)) for start in starts]
    business_minutes_between(calendar, first, first + timedelta(days=3 * 365))  # fill caches

    began = time.perf_counter()
    for start, minutes in zip(starts, amounts, strict=True):
        add_business_minutes(calendar, start, minutes)
    adding = time.perf_counter() - began

    began = time.perf_counter()
    for start, end in zip(starts, ends, strict=True):
        business_minutes_between(calendar, start, end)
    measuring = time.perf_counter() - began

    return {
        "add_business_minutes_per_s": operations / adding,
        "business_minutes_between_per_s": operations / measuring,
    }


if __name__ == "__main__":
    print_figures("sla: business-time arithmetic", run())
