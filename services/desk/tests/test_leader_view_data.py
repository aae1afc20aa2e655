"""The leader view's pure pieces: where «today» starts for the team, and one row per queue."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from desk.leader_data import queue_rows, start_of_day


def test_today_starts_at_midnight_where_the_team_works_not_in_utc() -> None:
    late_evening_in_sao_paulo = datetime(2026, 12, 7, 1, 30, tzinfo=UTC)  # 22:30 on the 6th
    start = start_of_day(late_evening_in_sao_paulo, ZoneInfo("America/Sao_Paulo"))
    assert start.astimezone(UTC) == datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def test_every_group_has_a_row_even_empty_and_the_general_queue_comes_last() -> None:
    rows = queue_rows(
        [{"id": "fin", "name": "Financeiro"}, {"id": "tec", "name": "Suporte técnico"}],
        [{"group_id": "fin", "open": 3, "unassigned": 1}, {"group_id": None, "open": 2,
          "unassigned": 2}],
        [{"group": None, "count": 4}, {"group": "fin", "count": 1}],
        no_group="Sem grupo",
    )  # fmt: skip
    assert [(r.name, r.open, r.unassigned, r.chats_waiting) for r in rows] == [
        ("Financeiro", 3, 1, 1),
        ("Suporte técnico", 0, 0, 0),
        ("Sem grupo", 2, 2, 4),
    ]


def test_a_chat_queue_of_a_group_tickets_do_not_know_still_shows() -> None:
    rows = queue_rows([], [], [{"group": "vip", "count": 2}], no_group="Sem grupo")
    assert [(r.name, r.chats_waiting) for r in rows] == [("vip", 2)]
