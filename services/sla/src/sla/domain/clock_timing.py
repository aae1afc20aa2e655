"""Bringing a clock's timers up to an instant and restarting them: the business-time bookkeeping.

Every change to a clock happens as `settle` (fold the business time used so far into each timer
and stop it), then the change itself, then `rearm` (restart the timers that should count and
compute their due time and checkpoint instants on the policy's calendar).
"""

from __future__ import annotations

from datetime import datetime

from helpdesk_calendar.business_time import add_business_time, business_time_between
from helpdesk_calendar.calendar import BusinessCalendar
from sla.domain.clock import DONE_STATUSES, Checkpoint, SlaClock, TargetTimer
from sla.domain.policy import SlaPolicy


def clock_calendar(clock: SlaClock, policy: SlaPolicy) -> BusinessCalendar:
    """The calendar the clock counts on (its targets' one if an admin removed it since)."""
    calendar = policy.calendars.get(clock.calendar)
    if calendar is None:
        targets = policy.targets_for(clock.priority, clock.category)
        calendar = policy.calendar_named(targets.calendar)
    return calendar


def settle(clock: SlaClock, at: datetime, policy: SlaPolicy) -> SlaClock:
    """Fold the business time used up to `at` into every running timer and stop it."""
    calendar = clock_calendar(clock, policy)
    timers = []
    for timer in clock.timers:
        if timer.running_since is not None:
            used = business_time_between(calendar, timer.running_since, at)
            breached_at = timer.breached_at
            if breached_at is None and timer.due_at is not None and timer.due_at <= at:
                breached_at = timer.due_at
            timer = timer.model_copy(
                update={
                    "elapsed": timer.elapsed + used,
                    "running_since": None,
                    "breached_at": breached_at,
                }
            )
        timers.append(timer)
    return clock.model_copy(update={"timers": tuple(timers)})


def rearm(clock: SlaClock, at: datetime, policy: SlaPolicy) -> SlaClock:
    """Restart the timers that count in the clock's status and compute their due times."""
    calendar = clock_calendar(clock, policy)
    counting = policy.counts_during(clock.status)
    timers = tuple(
        _rearm_timer(timer, at, counting and timer.met_at is None, calendar, policy)
        for timer in clock.timers
    )
    paused = not counting and clock.status not in DONE_STATUSES
    return clock.model_copy(update={"timers": timers, "paused": paused, "updated_at": at})


def _rearm_timer(
    timer: TargetTimer, at: datetime, runs: bool, calendar: BusinessCalendar, policy: SlaPolicy
) -> TargetTimer:
    breached_at = timer.breached_at
    if breached_at is None and timer.met_at is None and timer.elapsed >= timer.allowed:
        breached_at = at  # a smaller target (priority change) is already used up
    checkpoints = _checkpoints(timer, policy)
    due_at = timer.due_at if timer.met_at is not None else None
    if runs:
        checkpoints = _schedule(checkpoints, timer, at, calendar)
        due_at = next(
            (point.at for point in checkpoints if point.kind == "breach" and point.at), breached_at
        )
    return timer.model_copy(
        update={
            "running_since": at if runs else None,
            "due_at": due_at,
            "breached_at": breached_at,
            "checkpoints": checkpoints,
        }
    )


def _checkpoints(timer: TargetTimer, policy: SlaPolicy) -> tuple[Checkpoint, ...]:
    """Warning fractions, the breach and (for resolution) the ladder, in business time used.

    Keys do not depend on the amounts, so a checkpoint told before a priority change is not
    told again after it.
    """
    prefix = f"{timer.target}#{timer.round}"
    points = [
        Checkpoint(
            key=f"{prefix}:warning:{fraction}",
            kind="warning",
            after=timer.allowed * fraction,
            fraction=fraction,
        )
        for fraction in policy.warning_fractions
    ]
    points.append(Checkpoint(key=f"{prefix}:breach", kind="breach", after=timer.allowed))
    if timer.target == "resolution":
        points.extend(
            Checkpoint(
                key=f"{prefix}:escalation:{step.level}",
                kind="escalation",
                after=timer.allowed + step.after_breach,
                level=step.level,
                notify=step.notify,
            )
            for step in policy.escalation_ladder
        )
    return tuple(sorted(points, key=lambda point: point.after))


def _schedule(
    points: tuple[Checkpoint, ...], timer: TargetTimer, at: datetime, calendar: BusinessCalendar
) -> tuple[Checkpoint, ...]:
    """Instants at which a timer running from `at` reaches each checkpoint still ahead."""
    scheduled = []
    instant, used = at, timer.elapsed
    for point in points:
        if point.after > timer.elapsed:
            instant = add_business_time(calendar, instant, point.after - used)
            used = point.after
            point = point.model_copy(update={"at": instant})
        scheduled.append(point)
    return tuple(scheduled)
