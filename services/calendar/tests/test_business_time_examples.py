"""Worked examples of business-time arithmetic a support lead can check on a wall calendar."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from helpdesk_calendar.business_time import add_business_minutes, business_minutes_between
from helpdesk_calendar.calendar import BusinessCalendar, HolidayRule
from helpdesk_calendar.opening_hours import OpeningSlot, WeeklyOpeningHours

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
NEW_YORK = ZoneInfo("America/New_York")
LISBON = ZoneInfo("Europe/Lisbon")
BUSINESS = BusinessCalendar("business")  # Mon-Fri 09:00-18:00 São Paulo, BR national holidays


def sao_paulo(year: int, month: int, day: int, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=SAO_PAULO)


def test_p2_opened_friday_before_independence_day_is_due_the_following_monday_at_noon() -> None:
    # 7 September 2026 (Independence Day, national holiday) is a Monday.
    # 40 business hours from Fri 04/09 17:00: Fri 1 h (17-18), Mon 07/09 closed,
    # Tue 08, Wed 09, Thu 10, Fri 11: 4 x 9 h = 36 h (total 37 h), Mon 14/09: 3 h -> 12:00.
    opened = sao_paulo(2026, 9, 4, 17, 0)
    due = add_business_minutes(BUSINESS, opened, 40 * 60)
    assert due == sao_paulo(2026, 9, 14, 12, 0)
    assert due == datetime(2026, 9, 14, 15, 0, tzinfo=UTC)
    assert due.tzinfo is UTC


def test_first_response_of_that_ticket_is_due_thursday_afternoon() -> None:
    # 24 business hours: Fri 1 h, Tue 9 h, Wed 9 h (19 h), Thu 09:00 + 5 h -> 14:00.
    opened = sao_paulo(2026, 9, 4, 17, 0)
    assert add_business_minutes(BUSINESS, opened, 24 * 60) == sao_paulo(2026, 9, 10, 14, 0)


def test_deadline_that_uses_up_a_slot_stays_at_its_end_not_the_next_opening() -> None:
    assert add_business_minutes(BUSINESS, sao_paulo(2026, 9, 4, 17, 0), 60) == sao_paulo(
        2026, 9, 4, 18, 0
    )


def test_lunch_break_between_two_slots_does_not_count() -> None:
    split = WeeklyOpeningHours.weekdays(
        OpeningSlot.parse("09:00-12:00"), OpeningSlot.parse("13:30-18:00")
    )
    calendar = BusinessCalendar("split", opening_hours=split)
    monday_11 = sao_paulo(2026, 3, 2, 11, 0)
    assert add_business_minutes(calendar, monday_11, 60) == sao_paulo(2026, 3, 2, 12, 0)
    assert add_business_minutes(calendar, monday_11, 120) == sao_paulo(2026, 3, 2, 14, 30)
    assert business_minutes_between(calendar, monday_11, sao_paulo(2026, 3, 2, 14, 30)) == 120


def test_deadline_across_new_year_skips_the_first_of_january() -> None:
    # Wed 31/12/2025 17-18 (1 h), Thu 01/01/2026 holiday, Fri 02/01 09-18 (9 h) -> Fri 18:00.
    start = sao_paulo(2025, 12, 31, 17, 0)
    assert add_business_minutes(BUSINESS, start, 600) == sao_paulo(2026, 1, 2, 18, 0)


def test_carnaval_closes_the_desk_only_when_optional_holidays_are_chosen() -> None:
    with_carnaval = BusinessCalendar(
        "carnaval", holidays=HolidayRule("BR", None, ("public", "optional"))
    )
    friday = sao_paulo(2026, 2, 13, 17, 0)
    # Carnaval Mon 16 and Tue 17, Ash Wednesday 18 February 2026.
    assert add_business_minutes(with_carnaval, friday, 120) == sao_paulo(2026, 2, 19, 10, 0)
    assert add_business_minutes(BUSINESS, friday, 120) == sao_paulo(2026, 2, 16, 10, 0)


def test_state_holiday_closes_the_desk_of_a_calendar_with_that_subdivision() -> None:
    sao_paulo_state = BusinessCalendar("sp", holidays=HolidayRule("BR", "SP"))
    wednesday = sao_paulo(2026, 7, 8, 17, 0)  # 9 July: Constitutionalist Revolution (SP)
    assert add_business_minutes(sao_paulo_state, wednesday, 120) == sao_paulo(2026, 7, 10, 10, 0)
    assert add_business_minutes(BUSINESS, wednesday, 120) == sao_paulo(2026, 7, 9, 10, 0)


def test_custom_closed_date_is_skipped_like_a_holiday() -> None:
    calendar = BusinessCalendar("recesso", closed_dates=frozenset({date(2026, 12, 24)}))
    # Wed 23/12 17-18, Thu 24 closed (custom), Fri 25 Christmas, weekend -> Mon 28 10:00.
    start = sao_paulo(2026, 12, 23, 17, 0)
    assert add_business_minutes(calendar, start, 120) == sao_paulo(2026, 12, 28, 10, 0)


def test_office_hours_follow_the_local_clock_across_the_us_spring_forward() -> None:
    calendar = BusinessCalendar("ny", timezone="America/New_York", holidays=None)
    friday = datetime(2026, 3, 6, 17, 0, tzinfo=NEW_YORK)  # EST; DST starts Sun 8 March
    due = add_business_minutes(calendar, friday, 120)
    assert due == datetime(2026, 3, 9, 10, 0, tzinfo=NEW_YORK)
    assert due == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)  # EDT, UTC-4


def test_round_the_clock_calendar_counts_real_hours_across_dst_changes() -> None:
    new_york = BusinessCalendar.around_the_clock(timezone="America/New_York")
    saturday = datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK)
    assert add_business_minutes(new_york, saturday, 24 * 60) == datetime(
        2026, 3, 8, 13, 0, tzinfo=NEW_YORK
    )
    lisbon = BusinessCalendar.around_the_clock(timezone="Europe/Lisbon")
    saturday = datetime(2026, 10, 24, 12, 0, tzinfo=LISBON)  # clocks go back on Sunday 25
    assert add_business_minutes(lisbon, saturday, 24 * 60) == datetime(
        2026, 10, 25, 11, 0, tzinfo=LISBON
    )


def test_skipped_wall_hour_is_never_open_and_a_repeated_one_is_open_twice() -> None:
    sunday_night = WeeklyOpeningHours.from_days({6: [OpeningSlot.parse("00:00-03:00")]})
    calendar = BusinessCalendar("night", "America/New_York", sunday_night, holidays=None)
    spring = datetime(2026, 3, 8, 0, 0, tzinfo=NEW_YORK)
    assert business_minutes_between(calendar, spring, spring.replace(hour=5)) == 120
    autumn = datetime(2026, 11, 1, 0, 0, tzinfo=NEW_YORK)
    assert business_minutes_between(calendar, autumn, autumn.replace(hour=5)) == 240


def test_sao_paulo_historic_dst_that_skipped_midnight_is_handled() -> None:
    # On 4 November 2018 São Paulo clocks jumped from 00:00 to 01:00: that Sunday had 23 hours.
    calendar = BusinessCalendar.around_the_clock()
    start, end = sao_paulo(2018, 11, 3, 0, 0), sao_paulo(2018, 11, 5, 0, 0)
    assert business_minutes_between(calendar, start, end) == 47 * 60


def test_decade_long_spans_round_trip() -> None:
    start = sao_paulo(2026, 1, 5, 9, 0)
    ten_years = 10 * 52 * 5 * 9 * 60
    due = add_business_minutes(BUSINESS, start, ten_years)
    assert 2035 <= due.year <= 2036
    assert business_minutes_between(BUSINESS, start, due) == ten_years


def test_adding_nothing_returns_the_start_even_when_closed() -> None:
    saturday = sao_paulo(2026, 9, 5, 10, 0)
    assert add_business_minutes(BUSINESS, saturday, 0) == saturday


def test_business_minutes_between_is_negative_when_the_end_comes_first() -> None:
    monday, tuesday = sao_paulo(2026, 9, 14, 10, 0), sao_paulo(2026, 9, 15, 10, 0)
    assert business_minutes_between(BUSINESS, tuesday, monday) == -540
    assert business_minutes_between(BUSINESS, monday, monday) == 0


def test_seconds_are_kept_so_pauses_do_not_lose_time() -> None:
    start = sao_paulo(2026, 9, 14, 10, 0)
    assert business_minutes_between(BUSINESS, start, sao_paulo(2026, 9, 14, 10, 0, 30)) == 0.5
    assert add_business_minutes(BUSINESS, start, 0.5) == sao_paulo(2026, 9, 14, 10, 0, 30)


AWARE = datetime(2026, 9, 15, 9, 0, tzinfo=SAO_PAULO)


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_business_minutes(BUSINESS, datetime(2026, 9, 14, 10, 0), 60),
        lambda: business_minutes_between(
            BUSINESS, datetime(2026, 9, 14), sao_paulo(2026, 9, 15, 9, 0)
        ),
        lambda: business_minutes_between(
            BUSINESS, sao_paulo(2026, 9, 14, 9, 0), datetime(2026, 9, 15)
        ),
    ],
)
def test_naive_datetimes_are_refused(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


def test_negative_amounts_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_business_minutes(BUSINESS, sao_paulo(2026, 9, 14, 10, 0), -1)
