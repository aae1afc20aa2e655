"""The SLA of a ticket as the API shows it: targets, due times, time left, paused, escalation."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from pydantic import AwareDatetime, BaseModel, ConfigDict

from helpdesk_calendar.business_time import business_time_between
from sla.domain.clock import SlaClock, TargetTimer
from sla.domain.clock_timing import clock_calendar
from sla.domain.policy import EscalationLevel, Priority, SlaPolicy, SlaTarget, TicketStatus


class _Summary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class TargetSummary(_Summary):
    target: SlaTarget
    round: int
    target_minutes: int
    due_at: AwareDatetime | None
    met_at: AwareDatetime | None
    breached: bool
    running: bool
    business_minutes_left: int
    """Whole business minutes left (negative when overdue); for a met target, at meeting time."""


class SlaSummary(_Summary):
    ticket_number: int
    priority: Priority
    calendar: str
    status: TicketStatus
    paused: bool
    escalation_level: EscalationLevel | None
    next_deadline: AwareDatetime | None
    targets: tuple[TargetSummary, ...]


def summarize(clock: SlaClock, now: datetime, policy: SlaPolicy) -> SlaSummary:
    """The clock as seen at `now`, business time counted on the clock's calendar."""
    now = now.astimezone(UTC)
    calendar = clock_calendar(clock, policy)
    targets = []
    for timer in clock.timers:
        used = timer.elapsed
        if timer.running_since is not None and now > timer.running_since:
            used += business_time_between(calendar, timer.running_since, now)
        targets.append(_target_summary(timer, used, now))
    return SlaSummary(
        ticket_number=clock.ticket_number,
        priority=clock.priority,
        calendar=clock.calendar,
        status=clock.status,
        paused=clock.paused,
        escalation_level=clock.escalation_level,
        next_deadline=clock.next_deadline(now),
        targets=tuple(targets),
    )


def _target_summary(timer: TargetTimer, used: timedelta, now: datetime) -> TargetSummary:
    left = (timer.allowed - used) / timedelta(minutes=1)
    return TargetSummary(
        target=timer.target,
        round=timer.round,
        target_minutes=round(timer.allowed / timedelta(minutes=1)),
        due_at=timer.due_at,
        met_at=timer.met_at,
        breached=timer.is_breached(now),
        running=timer.running,
        business_minutes_left=math.floor(left),
    )
