"""When a clock falls at risk and when it breaches, as two instants the store can index.

A running target is at risk once less than `policy.at_risk_fraction_left` of its business time
is left, and breached once its due time passes. The clock's two instants are the earliest over
its running targets, so a range query at `now` finds the at-risk and the breached clocks
without computing anything per clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk_calendar.business_time import add_business_time
from sla.domain.clock import SlaClock
from sla.domain.clock_timing import clock_calendar
from sla.domain.policy import SlaPolicy


@dataclass(frozen=True)
class RiskMoments:
    at_risk_from: datetime | None
    """When the first running target falls at risk; None when none runs or one is overdue."""
    running_due: datetime | None
    """The earliest due time of a running target; None when no target runs."""


def risk_moments(clock: SlaClock, now: datetime, policy: SlaPolicy) -> RiskMoments:
    """The clock's risk and breach instants as seen at `now` (the time of the write).

    A clock written after its due time passed has no at-risk instant: it is breached, and the
    at-risk range stays as small as the at-risk clocks (every breach is written by detection).
    """
    calendar = clock_calendar(clock, policy)
    risks: list[datetime] = []
    dues: list[datetime] = []
    for timer in clock.timers:
        if timer.running_since is None or timer.met_at is not None or timer.due_at is None:
            continue
        dues.append(timer.due_at)
        safe = timer.allowed * (1 - policy.at_risk_fraction_left)
        if timer.elapsed >= safe:
            risks.append(timer.running_since)
        else:
            risks.append(add_business_time(calendar, timer.running_since, safe - timer.elapsed))
    due = min(dues, default=None)
    if due is not None and due <= now:
        return RiskMoments(at_risk_from=None, running_due=due)
    return RiskMoments(at_risk_from=min(risks, default=None), running_due=due)
