"""Business hours from the shared calendar configuration (the calendar library does the maths).

Chat reads the `calendars` section of the file the sla service reads (or the shared defaults) and
asks the calendar library whether support is open and when it opens next.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from chat.domain.business_hours_notice import OpeningHours
from helpdesk_calendar.business_time import add_business_time, business_time_between
from helpdesk_calendar.calendar import BusinessCalendar
from helpdesk_calendar.config import load_business_calendar

_TICK = timedelta(microseconds=1)
_PROBE = timedelta(minutes=1)


class SupportCalendar:
    """Whether human support works now, and when it opens next."""

    def __init__(self, calendar: BusinessCalendar) -> None:
        self.calendar = calendar

    @classmethod
    def from_file(cls, path: Path | None, name: str) -> SupportCalendar:
        return cls(load_business_calendar(path, name))

    @property
    def time_zone(self) -> ZoneInfo:
        return self.calendar.zone

    def is_open(self, now: datetime) -> bool:
        """Open when the next minute holds business time."""
        return business_time_between(self.calendar, now, now + _PROBE) > timedelta(0)

    def next_opening(self, now: datetime) -> datetime:
        """The first open instant after `now` (aware, UTC)."""
        return add_business_time(self.calendar, now, _TICK) - _TICK

    def announced_hours(self) -> OpeningHours:
        """The weekly hours to tell customers, summarised as first-last weekday, open-close."""
        days = [index for index in range(7) if self.calendar.opening_hours.slots_on(index)]
        slots = [slot for index in days for slot in self.calendar.opening_hours.slots_on(index)]
        opens = min(slot.start for slot in slots)
        closes = min(max(slot.end for slot in slots), 24 * 60 - 1)
        return OpeningHours(
            first_weekday=days[0],
            last_weekday=days[-1],
            opens=time(opens // 60, opens % 60),
            closes=time(closes // 60, closes % 60),
        )
