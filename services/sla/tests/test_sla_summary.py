"""What GET /v1/tickets/{number}/sla shows: due times, business minutes left or overdue, pauses."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sla.domain.clock import SlaClock
from sla.domain.clock_occurrences import AgentReplied, StatusChanged, apply_occurrence, start_clock
from sla.domain.clock_summary import SlaSummary, TargetSummary, summarize
from sla.domain.due_actions import due_actions
from sla.domain.sla_config import SlaConfig

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
POLICY = SlaConfig().to_policy()


def sp(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 9, day, hour, minute, tzinfo=SAO_PAULO)


def p2_clock() -> SlaClock:
    return start_clock(ticket_number=7, priority="P2", opened_at=sp(4, 17), policy=POLICY)


def target(summary: SlaSummary, name: str) -> TargetSummary:
    return next(item for item in summary.targets if item.target == name)


def test_fresh_ticket_shows_business_minutes_left_of_each_target() -> None:
    summary = summarize(p2_clock(), sp(4, 17, 30), POLICY)
    assert (summary.priority, summary.calendar, summary.paused) == ("P2", "business", False)
    resolution = target(summary, "resolution")
    assert (resolution.target_minutes, resolution.business_minutes_left) == (2400, 2370)
    assert resolution.due_at == sp(14, 12)
    assert not resolution.breached
    assert summary.next_deadline == sp(9, 17)


def test_weekend_and_holiday_do_not_eat_into_the_time_left() -> None:
    summary = summarize(p2_clock(), sp(8, 9), POLICY)  # Tuesday after the long weekend
    assert target(summary, "resolution").business_minutes_left == 2400 - 60


def test_overdue_target_shows_negative_minutes_breach_and_escalation_level() -> None:
    clock = apply_occurrence(p2_clock(), AgentReplied(at=sp(8, 10)), POLICY)
    clock, _ = due_actions(clock, sp(14, 12, 30))
    summary = summarize(clock, sp(14, 12, 30), POLICY)
    resolution = target(summary, "resolution")
    assert resolution.business_minutes_left == -30
    assert resolution.breached
    assert summary.escalation_level == "agent"
    first = target(summary, "first_response")
    assert (first.met_at, first.business_minutes_left, first.breached) == (sp(8, 10), 1320, False)


def test_paused_ticket_shows_paused_without_due_times_and_time_left_frozen() -> None:
    clock = apply_occurrence(p2_clock(), StatusChanged(at=sp(8, 10), status="pending"), POLICY)
    summary = summarize(clock, sp(11, 10), POLICY)
    assert summary.paused
    assert summary.next_deadline is None
    resolution = target(summary, "resolution")
    assert (resolution.due_at, resolution.running) == (None, False)
    assert resolution.business_minutes_left == 2400 - 120
