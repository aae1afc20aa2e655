"""Business calendars as written in a configuration file (YAML or JSON) and validated.

The file is the one the sla service reads: its `calendars` section names each calendar. Chat and
notify read the same section through `load_business_calendar`, so every service agrees on which
hours and days count.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from helpdesk_calendar.calendar import BusinessCalendar, HolidayRule
from helpdesk_calendar.opening_hours import WEEKDAYS, OpeningSlot, WeeklyOpeningHours

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SlotText = Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", examples=["09:00-12:00"])]
WEEKDAY_HOURS: dict[Weekday, list[str]] = {
    "monday": ["09:00-18:00"],
    "tuesday": ["09:00-18:00"],
    "wednesday": ["09:00-18:00"],
    "thursday": ["09:00-18:00"],
    "friday": ["09:00-18:00"],
}
ALL_DAY: dict[Weekday, list[str]] = {day: ["00:00-24:00"] for day in get_args(Weekday)}


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HolidaysConfig(_Config):
    country: str = Field(default="BR", description="ISO 3166 code known to the holidays package")
    subdivision: str | None = Field(default=None, description='State, e.g. "SP"')
    categories: tuple[str, ...] = Field(
        default=("public",), description='"optional" adds e.g. Carnaval where the package has it'
    )


class CalendarConfig(_Config):
    timezone: str = "America/Sao_Paulo"
    opening_hours: dict[Weekday, list[SlotText]] = Field(
        default_factory=lambda: dict(WEEKDAY_HOURS),
        description="Weekday name (monday…sunday) to HH:MM-HH:MM slots; a missing day is closed",
    )
    holidays: HolidaysConfig | None = Field(default_factory=HolidaysConfig)
    closed_dates: tuple[date, ...] = Field(default=(), description="Extra dates the desk is closed")

    def to_calendar(self, name: str) -> BusinessCalendar:
        days = {
            WEEKDAYS.index(day): [OpeningSlot.parse(text) for text in slots]
            for day, slots in self.opening_hours.items()
        }
        rule = self.holidays
        return BusinessCalendar(
            name,
            timezone=self.timezone,
            opening_hours=WeeklyOpeningHours.from_days(days),
            holidays=HolidayRule(rule.country, rule.subdivision, rule.categories) if rule else None,
            closed_dates=frozenset(self.closed_dates),
        )


def default_calendars() -> dict[str, CalendarConfig]:
    """Mon–Fri 09–18 in São Paulo without national holidays, and a round-the-clock calendar."""
    around_the_clock = CalendarConfig(opening_hours=ALL_DAY, holidays=None)
    return {"business": CalendarConfig(), "24x7": around_the_clock}


_CALENDARS = TypeAdapter(dict[str, CalendarConfig])


def calendars_in_file(path: Path) -> dict[str, CalendarConfig]:
    """The `calendars` section of a configuration file (the defaults when it has none)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    section = document.get("calendars") if isinstance(document, dict) else None
    return default_calendars() if section is None else _CALENDARS.validate_python(section)


def load_business_calendar(path: Path | None, name: str) -> BusinessCalendar:
    """The calendar `name` from the file at `path`, or from the defaults when no file is given."""
    calendars = calendars_in_file(path) if path is not None else default_calendars()
    if name not in calendars:
        raise ValueError(f"calendar {name!r} is not in {path or 'the default calendars'}")
    return calendars[name].to_calendar(name)
