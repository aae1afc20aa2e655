"""Business-time arithmetic on a `BusinessCalendar`.

Business time is real elapsed time during which the calendar is open: an instant is open when
the local wall clock reads a time inside an opening slot of an open date. Across a DST change
the skipped wall hour is never open and a repeated wall hour is open each time it is lived.

Conventions:
- inputs must be timezone-aware; results are aware UTC datetimes;
- adding business time returns the *earliest* instant at which that much business time has
  accrued, so a deadline that uses up a slot exactly lands on the slot's end (Friday 18:00),
  never on the next opening (Monday 09:00); adding zero returns the start itself;
- durations are exact to the microsecond; `business_minutes_between` returns float minutes
  (whole numbers for whole-minute inputs) and is negative when `end` precedes `start`.

Cost: each UTC-offset period (between DST changes, cut at new year) is walked in local wall time
where whole weeks are skipped with the weekly total minus the closed dates inside them, so the
cost grows with the years, DST changes, holidays and at most a few days walked, never minutes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from helpdesk_calendar.calendar import BusinessCalendar
from helpdesk_calendar.utc_offsets import offset_period_at

_ZERO = timedelta(0)
_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)


def add_business_minutes(calendar: BusinessCalendar, start: datetime, minutes: float) -> datetime:
    """The instant `minutes` business minutes after `start` (aware UTC)."""
    return add_business_time(calendar, start, timedelta(minutes=minutes))


def business_minutes_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> float:
    """Business minutes from `start` to `end`, negative when `end` is earlier."""
    return business_time_between(calendar, start, end) / timedelta(minutes=1)


def add_business_time(calendar: BusinessCalendar, start: datetime, amount: timedelta) -> datetime:
    """The earliest instant at which `amount` of business time has accrued since `start`."""
    instant = _as_utc(start, "start")
    if amount < _ZERO:
        raise ValueError("cannot add a negative amount of business time")
    remaining = amount
    while remaining > _ZERO:
        period = offset_period_at(calendar.timezone, instant)
        reached, used = _walk_forward(
            calendar, _wall(instant, period.offset), _wall(period.end, period.offset), remaining
        )
        if reached is not None:
            return (reached - period.offset).replace(tzinfo=UTC)
        remaining -= used
        instant = period.end
    return instant


def business_time_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Business time from `start` to `end`, negative when `end` is earlier."""
    instant, stop = _as_utc(start, "start"), _as_utc(end, "end")
    if stop < instant:
        return -business_time_between(calendar, stop, instant)
    total = _ZERO
    while instant < stop:
        period = offset_period_at(calendar.timezone, instant)
        until = min(period.end, stop)
        total += _open_time(calendar, _wall(instant, period.offset), _wall(until, period.offset))
        instant = until
    return total


def _as_utc(moment: datetime, name: str) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def _wall(instant: datetime, offset: timedelta) -> datetime:
    return (instant + offset).replace(tzinfo=None)


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time())


def _open_slots(
    calendar: BusinessCalendar, day: date, after: datetime, before: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Open wall-time intervals of `day`, clipped to [after, before)."""
    if calendar.is_closed(day):
        return
    midnight = _midnight(day)
    for slot in calendar.opening_hours.slots_on(day.weekday()):
        opens, closes = max(midnight + slot.opens, after), min(midnight + slot.closes, before)
        if opens < closes:
            yield opens, closes


def _day_length(calendar: BusinessCalendar, day: date) -> timedelta:
    """Business time of the whole `day`."""
    return _ZERO if calendar.is_closed(day) else calendar.opening_hours.length_on(day.weekday())


def _whole_weeks(calendar: BusinessCalendar, day: date, weeks: int) -> timedelta:
    """Business time of `weeks` whole weeks starting at local midnight of `day`."""
    last = day + timedelta(weeks=weeks)
    return weeks * calendar.opening_hours.weekly_length - calendar.lost_time(day, last)


def _walk_forward(
    calendar: BusinessCalendar, start: datetime, limit: datetime, budget: timedelta
) -> tuple[datetime | None, timedelta]:
    """Within one constant-offset period (wall time [start, limit)) spend `budget`.

    Returns (wall instant where it is used up, budget) or (None, business time the period had).
    """
    weekly = calendar.opening_hours.weekly_length
    left, day, cursor = budget, start.date(), start
    while cursor < limit:
        if cursor.time() == time() and left > weekly:
            # Keep at least a tick to spend so the deadline is found by the walk below.
            weeks = min((left - _TICK) // weekly, (limit - cursor).days // 7)
            if weeks:
                left -= _whole_weeks(calendar, day, weeks)
                day += timedelta(weeks=weeks)
                cursor = _midnight(day)
                continue
        whole = cursor.time() == time() and cursor + _DAY <= limit
        if whole and left > (whole_day := _day_length(calendar, day)):
            left -= whole_day  # a whole day that does not use up the budget
            day += _DAY
            cursor = _midnight(day)
            continue
        for opens, closes in _open_slots(calendar, day, cursor, limit):
            if left <= closes - opens:
                return opens + left, budget
            left -= closes - opens
        day += _DAY
        cursor = _midnight(day)
    return None, budget - left


def _open_time(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Business time in the wall-time interval [start, end) of one constant-offset period."""
    total, day, cursor = _ZERO, start.date(), start
    while cursor < end:
        weeks = (end - cursor).days // 7
        if cursor.time() == time() and weeks:
            total += _whole_weeks(calendar, day, weeks)
            day += timedelta(weeks=weeks)
            cursor = _midnight(day)
            continue
        if cursor.time() == time() and cursor + _DAY <= end:
            total += _day_length(calendar, day)
        else:
            total += sum((b - a for a, b in _open_slots(calendar, day, cursor, end)), _ZERO)
        day += _DAY
        cursor = _midnight(day)
    return total
