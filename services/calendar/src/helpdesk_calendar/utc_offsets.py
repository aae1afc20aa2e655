"""Stretches of time during which a time zone keeps the same UTC offset (between DST changes)."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

# Offsets are sampled this often to find changes; real zones never change twice within it.
_SAMPLE_STEP_SECONDS = 6 * 3600


@dataclass(frozen=True)
class OffsetPeriod:
    """[start, end) in UTC during which local wall time is UTC + offset.

    Periods are also cut at each UTC new year, so a zone without DST still yields finite periods.
    """

    start: datetime
    end: datetime
    offset: timedelta


def offset_period_at(timezone: str, instant: datetime) -> OffsetPeriod:
    """The period of constant UTC offset of `timezone` that contains the aware `instant`."""
    instant = instant.astimezone(UTC)
    changes, offsets = _offset_changes(timezone, instant.year)
    index = bisect_right(changes, instant)
    start = changes[index - 1] if index else datetime(instant.year, 1, 1, tzinfo=UTC)
    if index < len(changes):
        end = changes[index]
    elif instant.year < datetime.max.year:
        end = datetime(instant.year + 1, 1, 1, tzinfo=UTC)
    else:
        end = datetime.max.replace(tzinfo=UTC)
    return OffsetPeriod(start, end, offsets[index])


@lru_cache(maxsize=1024)
def _offset_changes(timezone: str, year: int) -> tuple[tuple[datetime, ...], tuple[timedelta, ...]]:
    """Instants in `year` (UTC) at which the offset changes, and the offset before/after each."""
    zone = ZoneInfo(timezone)
    first = int(datetime(year, 1, 1, tzinfo=UTC).timestamp())
    last = (
        int(datetime(year + 1, 1, 1, tzinfo=UTC).timestamp()) - 1
        if year < datetime.max.year
        else int(datetime.max.replace(tzinfo=UTC).timestamp())
    )
    changes: list[datetime] = []
    offsets = [_offset(zone, first)]
    previous = first
    while previous < last:
        current = min(previous + _SAMPLE_STEP_SECONDS, last)
        offset = _offset(zone, current)
        if offset != offsets[-1]:
            changes.append(_first_second_with(zone, offset, previous, current))
            offsets.append(offset)
        previous = current
    return tuple(changes), tuple(offsets)


def _offset(zone: ZoneInfo, timestamp: int) -> timedelta:
    offset = datetime.fromtimestamp(timestamp, zone).utcoffset()
    assert offset is not None  # a ZoneInfo always knows its offset
    return offset


def _first_second_with(zone: ZoneInfo, offset: timedelta, before: int, at: int) -> datetime:
    # Binary search: _offset(before) differs from `offset`, _offset(at) equals it.
    while at - before > 1:
        middle = (before + at) // 2
        if _offset(zone, middle) == offset:
            at = middle
        else:
            before = middle
    return datetime.fromtimestamp(at, UTC)
