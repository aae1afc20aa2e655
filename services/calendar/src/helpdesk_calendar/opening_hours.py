"""Weekly opening hours: the slots of each weekday in which the support desk works."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import pairwise

MINUTES_PER_DAY = 24 * 60
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_SLOT_PATTERN = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$")


@dataclass(frozen=True, order=True)
class OpeningSlot:
    """One opening period of a day in local wall time, e.g. 09:00-12:00; `end` may be 24:00."""

    start: int
    end: int
    opens: timedelta = field(init=False, repr=False, compare=False)
    """Offset of the opening time from local midnight."""
    closes: timedelta = field(init=False, repr=False, compare=False)
    """Offset of the closing time from local midnight."""

    def __post_init__(self) -> None:
        if not 0 <= self.start < self.end <= MINUTES_PER_DAY:
            raise ValueError(f"opening slot {self} must satisfy 00:00 <= start < end <= 24:00")
        # Stored once: business-time arithmetic reads them for every day it walks.
        object.__setattr__(self, "opens", timedelta(minutes=self.start))
        object.__setattr__(self, "closes", timedelta(minutes=self.end))

    @classmethod
    def parse(cls, text: str) -> OpeningSlot:
        """Read a slot written as "HH:MM-HH:MM" (24-hour clock, "24:00" closes at midnight)."""
        match = _SLOT_PATTERN.match(text)
        if match is None:
            raise ValueError(f"opening slot {text!r} is not written as HH:MM-HH:MM")
        start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
        if start_m > 59 or end_m > 59:
            raise ValueError(f"opening slot {text!r} has minutes above 59")
        return cls(start_h * 60 + start_m, end_h * 60 + end_m)

    @property
    def length(self) -> timedelta:
        return self.closes - self.opens

    def __str__(self) -> str:
        return f"{_clock(self.start)}-{_clock(self.end)}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class WeeklyOpeningHours:
    """Opening slots per weekday, Monday first; a day without slots is closed."""

    days: tuple[tuple[OpeningSlot, ...], ...]
    _day_lengths: tuple[timedelta, ...] = field(init=False, repr=False, compare=False)
    _weekly_length: timedelta = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.days) != 7:
            raise ValueError("weekly opening hours need exactly seven days, Monday first")
        for name, slots in zip(WEEKDAYS, self.days, strict=True):
            if list(slots) != sorted(slots):
                raise ValueError(f"opening slots of {name} must be in chronological order")
            for before, after in pairwise(slots):
                if after.start < before.end:
                    raise ValueError(f"opening slots of {name} overlap: {before} and {after}")
        lengths = tuple(sum((slot.length for slot in slots), timedelta(0)) for slots in self.days)
        # Precomputed because business-time arithmetic asks for them once per day it walks.
        object.__setattr__(self, "_day_lengths", lengths)
        object.__setattr__(self, "_weekly_length", sum(lengths, timedelta(0)))
        if self.weekly_length <= timedelta(0):
            raise ValueError("a calendar must be open at least one minute a week")

    @classmethod
    def from_days(cls, days: dict[int, list[OpeningSlot]]) -> WeeklyOpeningHours:
        """Build from weekday index (0 = Monday) to slots; missing days are closed."""
        return cls(tuple(tuple(sorted(days.get(index, []))) for index in range(7)))

    @classmethod
    def weekdays(cls, *slots: OpeningSlot) -> WeeklyOpeningHours:
        """The same slots Monday to Friday, closed at weekends."""
        return cls.from_days({index: list(slots) for index in range(5)})

    @classmethod
    def around_the_clock(cls) -> WeeklyOpeningHours:
        """Open every minute of every day (24x7)."""
        return cls.from_days({index: [OpeningSlot(0, MINUTES_PER_DAY)] for index in range(7)})

    def slots_on(self, weekday: int) -> tuple[OpeningSlot, ...]:
        return self.days[weekday]

    def length_on(self, weekday: int) -> timedelta:
        """Business time of a whole open day with this weekday."""
        return self._day_lengths[weekday]

    @property
    def weekly_length(self) -> timedelta:
        """Business time of a whole week without closed dates."""
        return self._weekly_length

    def describe(self) -> dict[str, list[str]]:
        """Weekday name to "HH:MM-HH:MM" slots, the way configuration writes them."""
        return {
            name: [str(slot) for slot in slots]
            for name, slots in zip(WEEKDAYS, self.days, strict=True)
        }
