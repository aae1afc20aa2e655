"""Pure pieces of the leader view: where «today» starts, one row per queue, CSAT periods."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

CSAT_PERIODS = (("last_7_days", 7), ("last_30_days", 30))


def start_of_day(now: datetime, zone: ZoneInfo) -> datetime:
    """Midnight of `now`'s date where the team works (an aware datetime)."""
    return datetime.combine(now.astimezone(zone).date(), time(0), tzinfo=zone)


def period_starts(now: datetime) -> list[tuple[str, datetime]]:
    return [(name, now - timedelta(days=days)) for name, days in CSAT_PERIODS]


@dataclass(frozen=True, slots=True)
class QueueRow:
    group_id: str | None
    name: str
    open: int = 0
    unassigned: int = 0
    chats_waiting: int = 0


def queue_rows(
    groups: Iterable[Mapping[str, Any]],
    ticket_sizes: Iterable[Mapping[str, Any]],
    chats_waiting: Iterable[Mapping[str, Any]],
    *,
    no_group: str,
) -> list[QueueRow]:
    """Every group (empty ones too), then the tickets in no group and the general chat queue."""
    names: dict[str | None, str] = {g["id"]: g["name"] for g in groups}
    sizes = {row["group_id"]: row for row in ticket_sizes}
    waiting = {row["group"]: int(row["count"]) for row in chats_waiting}
    ids = list(names) + sorted({*sizes, *waiting} - set(names), key=lambda g: g or "\uffff")
    return [
        QueueRow(
            group_id=group,
            name=names.get(group) or (group if group is not None else no_group),
            open=int(sizes.get(group, {}).get("open", 0)),
            unassigned=int(sizes.get(group, {}).get("unassigned", 0)),
            chats_waiting=waiting.get(group, 0),
        )
        for group in ids
    ]
