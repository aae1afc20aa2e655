"""Business-time arithmetic agrees with a brute-force minute-stepping oracle on random calendars."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk_calendar.business_time import add_business_minutes, business_minutes_between
from helpdesk_calendar.calendar import BusinessCalendar, HolidayRule
from helpdesk_calendar.opening_hours import OpeningSlot, WeeklyOpeningHours
from helpdesk_calendar.utc_offsets import offset_period_at

ZONES = (
    "America/Sao_Paulo",  # DST until February 2019, with changes at local midnight
    "America/New_York",
    "Europe/Lisbon",
    "Australia/Lord_Howe",  # half-hour DST
    "Asia/Kolkata",
    "UTC",
)
MINUTE = timedelta(minutes=1)


def is_open(calendar: BusinessCalendar, instant: datetime) -> bool:
    """The definition itself: the local wall clock reads a time inside a slot of an open date."""
    local = instant.astimezone(calendar.zone)
    if calendar.is_closed(local.date()):
        return False
    minute = local.hour * 60 + local.minute
    slots = calendar.opening_hours.slots_on(local.weekday())
    return any(slot.start <= minute < slot.end for slot in slots)


def oracle_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    open_minutes, instant = 0, start
    while instant < end:
        open_minutes += is_open(calendar, instant)
        instant += MINUTE
    return open_minutes


def oracle_add(calendar: BusinessCalendar, start: datetime, minutes: int) -> datetime:
    instant, counted = start, 0
    while counted < minutes:
        counted += is_open(calendar, instant)
        instant += MINUTE
    return instant


@st.composite
def day_slots(draw: st.DrawFn) -> list[OpeningSlot]:
    # Half-hour boundaries make slots start and end right at DST changes often.
    edges = draw(st.lists(st.integers(0, 48), min_size=0, max_size=6, unique=True))
    edges = sorted(edge * 30 for edge in edges)
    return [OpeningSlot(start, end) for start, end in zip(edges[::2], edges[1::2], strict=False)]


@st.composite
def calendars(draw: st.DrawFn) -> BusinessCalendar:
    days = {weekday: draw(day_slots()) for weekday in range(7)}
    if not any(days.values()):
        days[draw(st.integers(0, 6))] = [OpeningSlot(9 * 60, 18 * 60)]
    closed = draw(st.frozensets(st.dates(date(2015, 12, 1), date(2028, 1, 31)), max_size=8))
    return BusinessCalendar(
        "random",
        timezone=draw(st.sampled_from(ZONES)),
        opening_hours=WeeklyOpeningHours.from_days(days),
        holidays=draw(st.sampled_from([None, HolidayRule("BR"), HolidayRule("BR", "SP")])),
        closed_dates=closed,
    )


@st.composite
def instants(draw: st.DrawFn, calendar: BusinessCalendar) -> datetime:
    """Whole-minute instants, often a few days around one of the zone's offset changes."""
    anchor = datetime(draw(st.integers(2016, 2027)), 1, 1, tzinfo=UTC)
    anchor += timedelta(days=draw(st.integers(0, 364)))
    if draw(st.booleans()):
        anchor = offset_period_at(calendar.timezone, anchor).end
    return anchor + timedelta(minutes=draw(st.integers(-4 * 1440, 4 * 1440)))


def budgets(calendar: BusinessCalendar) -> st.SearchStrategy[int]:
    weekly = int(calendar.opening_hours.weekly_length / MINUTE)
    # Up to two weeks of business time (enough to skip weeks) but a bounded oracle walk.
    return st.integers(0, min(2 * weekly + 120, 9000))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_deadline_is_the_minute_the_oracle_reaches_the_budget(data: st.DataObject) -> None:
    calendar = data.draw(calendars())
    start = data.draw(instants(calendar))
    minutes = data.draw(budgets(calendar))
    assert add_business_minutes(calendar, start, minutes) == oracle_add(calendar, start, minutes)


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_business_minutes_between_counts_the_open_minutes_the_oracle_counts(
    data: st.DataObject,
) -> None:
    calendar = data.draw(calendars())
    start = data.draw(instants(calendar))
    end = start + timedelta(minutes=data.draw(st.integers(0, 16 * 1440)))
    expected = oracle_between(calendar, start, end)
    assert business_minutes_between(calendar, start, end) == expected
    assert business_minutes_between(calendar, end, start) == -expected


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_adding_the_business_time_between_two_instants_lands_on_the_first_open_end(
    data: st.DataObject,
) -> None:
    calendar = data.draw(calendars())
    start = data.draw(instants(calendar))
    minutes = data.draw(budgets(calendar))
    deadline = add_business_minutes(calendar, start, minutes)
    assert business_minutes_between(calendar, start, deadline) == minutes
    if minutes:
        assert is_open(calendar, deadline - MINUTE)
