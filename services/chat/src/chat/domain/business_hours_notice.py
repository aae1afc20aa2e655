"""Tell the customer when human support works and when it opens next."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chat.domain.language import Language
from chat.domain.messages import MONTHS, WEEKDAYS, WEEKDAYS_IN_RANGES, Text, say

SUPPORT_TIME_ZONE = ZoneInfo("America/Sao_Paulo")


class OpeningHours(BaseModel):
    """The weekly hours announced to customers (the sla calendar decides the actual times)."""

    model_config = ConfigDict(frozen=True)

    first_weekday: int = Field(default=0, ge=0, le=6, description="0 = Monday")
    last_weekday: int = Field(default=4, ge=0, le=6)
    opens: time = time(9)
    closes: time = time(18)

    @model_validator(mode="after")
    def _opens_before_closing(self) -> OpeningHours:
        if self.opens >= self.closes:
            raise ValueError("opening hours must open before they close")
        return self

    def describe(self, language: Language) -> tuple[str, str]:
        """(days, span) such as ("de segunda a sexta", "das 9h às 18h")."""
        names = WEEKDAYS_IN_RANGES[language]
        first, last = names[self.first_weekday], names[self.last_weekday]
        days = first if first == last else say(Text.DAYS_RANGE, language, first=first, last=last)
        span = say(
            Text.HOURS_SPAN,
            language,
            opens=_hour(self.opens, language),
            closes=_hour(self.closes, language),
        )
        return days, span


def support_hours_notice(
    *,
    is_open: bool,
    next_opening: datetime | None,
    language: Language,
    hours: OpeningHours | None = None,
    now: datetime | None = None,
    time_zone: ZoneInfo = SUPPORT_TIME_ZONE,
) -> str:
    """Say that support is open now, or when it opens next (both as the sla calendar says)."""
    days, span = (hours or OpeningHours()).describe(language)
    if is_open or next_opening is None:
        return say(Text.OPEN_NOW, language, days=days, span=span)
    opening = opening_moment(next_opening, language=language, now=now, time_zone=time_zone)
    return say(Text.OUTSIDE_HOURS, language, days=days, span=span, opening=opening)


def opening_moment(
    moment: datetime,
    *,
    language: Language,
    now: datetime | None = None,
    time_zone: ZoneInfo = SUPPORT_TIME_ZONE,
) -> str:
    """When support opens, e.g. "segunda-feira, 24/11, às 09:00" or "on Monday, November 24, at
    9:00 AM"; today and tomorrow are named when `now` is given. Aware times are shown in the
    support time zone, naive ones as they are."""
    local = _local(moment, time_zone)
    clock = _clock(local.time(), language)
    today = _local(now, time_zone).date() if now is not None else None
    if today is not None and local.date() == today:
        return say(Text.OPENING_TODAY, language, time=clock)
    weekday = WEEKDAYS[language][local.weekday()]
    day = _date(local.date(), language)
    if today is not None and local.date() == today + timedelta(days=1):
        return say(Text.OPENING_TOMORROW, language, weekday=weekday, date=day, time=clock)
    return say(Text.OPENING_ON, language, weekday=weekday, date=day, time=clock)


def _local(moment: datetime, time_zone: ZoneInfo) -> datetime:
    return moment.astimezone(time_zone) if moment.tzinfo is not None else moment


def _date(day: date, language: Language) -> str:
    if language is Language.PT_BR:
        return f"{day.day:02d}/{day.month:02d}"
    return f"{MONTHS[language][day.month - 1]} {day.day}"


def _clock(moment: time, language: Language) -> str:
    if language is Language.PT_BR:
        return f"{moment.hour:02d}:{moment.minute:02d}"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def _hour(moment: time, language: Language) -> str:
    """Hour as written in a schedule: "9h", "13h30" / "9 AM", "1:30 PM"."""
    if language is Language.PT_BR:
        return f"{moment.hour}h{moment.minute:02d}" if moment.minute else f"{moment.hour}h"
    hour = moment.hour % 12 or 12
    suffix = "AM" if moment.hour < 12 else "PM"
    return f"{hour}:{moment.minute:02d} {suffix}" if moment.minute else f"{hour} {suffix}"
