"""Business calendars: a time zone, weekly opening hours, public holidays and extra closed dates."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays as holiday_data

from helpdesk_calendar.opening_hours import OpeningSlot, WeeklyOpeningHours

DEFAULT_TIMEZONE = "America/Sao_Paulo"
OFFICE_HOURS = WeeklyOpeningHours.weekdays(OpeningSlot.parse("09:00-18:00"))


@dataclass(frozen=True)
class HolidayRule:
    """Which holidays of the `holidays` package close the desk, e.g. Brazil, state SP, Carnaval."""

    country: str = "BR"
    subdivision: str | None = None
    categories: tuple[str, ...] = ("public",)

    def __post_init__(self) -> None:
        try:
            self._holidays_of([])
        except NotImplementedError as error:
            raise ValueError(f"unknown holiday country or subdivision: {error}") from error
        except ValueError as error:
            raise ValueError(f"unknown holiday category in {self.categories}: {error}") from error

    def dates_in(self, year: int) -> frozenset[date]:
        """The holidays of one calendar year."""
        return _holiday_dates(self, year)

    def _holidays_of(self, years: list[int]) -> holiday_data.HolidayBase:
        return holiday_data.country_holidays(
            self.country, subdiv=self.subdivision, years=years, categories=self.categories
        )


@cache
def _holiday_dates(rule: HolidayRule, year: int) -> frozenset[date]:
    # The package computes rules per year; caching keeps each year's work to once per process.
    return frozenset(rule._holidays_of([year]).keys())


@dataclass(frozen=True)
class BusinessCalendar:
    """When the desk works: business time only flows inside opening slots of open dates.

    Slots are read on the local wall clock of `timezone`; a date is closed when it is a holiday
    of `holidays` or one of `closed_dates`.
    """

    name: str
    timezone: str = DEFAULT_TIMEZONE
    opening_hours: WeeklyOpeningHours = OFFICE_HOURS
    holidays: HolidayRule | None = field(default_factory=HolidayRule)
    closed_dates: frozenset[date] = frozenset()
    _closed_by_year: dict[int, tuple[date, ...]] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as error:
            raise ValueError(f"unknown time zone {self.timezone!r}") from error

    @classmethod
    def around_the_clock(
        cls, name: str = "24x7", timezone: str = DEFAULT_TIMEZONE
    ) -> BusinessCalendar:
        """A calendar open every minute, holidays included."""
        return cls(name, timezone, WeeklyOpeningHours.around_the_clock(), holidays=None)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def is_closed(self, day: date) -> bool:
        """Whether the whole date is closed (holiday or extra closed date)."""
        closed = self._closed_in_year(day.year)
        index = bisect_left(closed, day)
        return index < len(closed) and closed[index] == day

    def lost_time(self, first: date, last: date) -> timedelta:
        """Business time the closed dates in [first, last) take away from ordinary weeks."""
        lost = timedelta(0)
        for year in range(first.year, last.year + 1):
            closed = self._closed_in_year(year)
            for day in closed[bisect_left(closed, first) : bisect_left(closed, last)]:
                lost += self.opening_hours.length_on(day.weekday())
        return lost

    def _closed_in_year(self, year: int) -> tuple[date, ...]:
        closed = self._closed_by_year.get(year)
        if closed is None:
            dates = set(self.holidays.dates_in(year)) if self.holidays else set()
            dates.update(day for day in self.closed_dates if day.year == year)
            closed = tuple(sorted(dates))
            self._closed_by_year[year] = closed
        return closed
