"""Warnings, breaches and the escalation ladder are told at the right minute, each exactly once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sla.domain.clock import SlaClock
from sla.domain.clock_occurrences import (
    AgentReplied,
    CustomerReplied,
    PriorityChanged,
    StatusChanged,
    apply_occurrence,
    start_clock,
)
from sla.domain.due_actions import SlaAction, SlaBreach, SlaEscalation, SlaWarning, due_actions
from sla.domain.sla_config import SlaConfig

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
POLICY = SlaConfig().to_policy()


def sp(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 9, day, hour, minute, tzinfo=SAO_PAULO)


def p2_opened_friday_before_independence_day() -> SlaClock:
    return start_clock(ticket_number=7, priority="P2", opened_at=sp(4, 17), policy=POLICY)


def told(action: SlaAction) -> tuple[object, ...]:
    match action:
        case SlaWarning():
            return ("warning", action.target, action.fraction)
        case SlaBreach():
            return ("breach", action.target)
        case SlaEscalation():
            return ("escalation", action.level, action.roles_to_tell)
    raise AssertionError(action)


def follow_deadlines(clock: SlaClock) -> list[tuple[datetime, list[tuple[object, ...]]]]:
    """Wake at every next deadline, as the service does, and record what it tells."""
    timeline = []
    deadline = clock.next_deadline(sp(4, 17))
    while deadline is not None:
        clock, actions = due_actions(clock, deadline)
        timeline.append((deadline.astimezone(SAO_PAULO), [told(action) for action in actions]))
        assert due_actions(clock, deadline)[1] == []
        next_deadline = clock.next_deadline(deadline)
        assert next_deadline is None or next_deadline > deadline
        deadline = next_deadline
    return timeline


def test_untouched_p2_ticket_warns_breaches_and_climbs_the_whole_ladder_once() -> None:
    assert follow_deadlines(p2_opened_friday_before_independence_day()) == [
        (sp(9, 17), [("warning", "first_response", 0.75)]),  # 18 of 24 business hours
        (sp(10, 14), [("breach", "first_response")]),
        (sp(11, 11), [("warning", "resolution", 0.75)]),  # 30 of 40 business hours
        (sp(14, 12), [("breach", "resolution"), ("escalation", "agent", ("agent",))]),
        (sp(14, 13), [("escalation", "leader", ("agent", "leader"))]),
        (sp(14, 16), [("escalation", "coordinator", ("agent", "leader", "coordinator"))]),
        # 8 business hours after Mon 12:00: Mon 12-18 (6 h) + Tue 09-11 (2 h).
        (sp(15, 11), [("escalation", "manager", ("agent", "leader", "coordinator", "manager"))]),
    ]


def test_nothing_is_told_twice_when_asked_again_at_the_same_or_a_later_time() -> None:
    clock, first = due_actions(p2_opened_friday_before_independence_day(), sp(10, 14))
    assert [told(action) for action in first] == [("breach", "first_response")]
    assert due_actions(clock, sp(10, 14))[1] == []
    clock, later = due_actions(clock, sp(11, 10))
    assert later == []
    assert due_actions(clock, sp(11, 11))[0].emitted > clock.emitted


def test_after_an_outage_every_missed_step_is_told_but_overtaken_warnings_are_not() -> None:
    clock, actions = due_actions(p2_opened_friday_before_independence_day(), sp(16, 9))
    assert [told(action) for action in actions] == [
        ("breach", "first_response"),
        ("breach", "resolution"),
        ("escalation", "agent", ("agent",)),
        ("escalation", "leader", ("agent", "leader")),
        ("escalation", "coordinator", ("agent", "leader", "coordinator")),
        ("escalation", "manager", ("agent", "leader", "coordinator", "manager")),
    ]
    assert clock.escalation_level == "manager"
    assert clock.next_deadline(sp(16, 9)) is None


def test_ticket_resolved_in_time_is_never_warned_breached_nor_escalated() -> None:
    clock = p2_opened_friday_before_independence_day()
    clock = apply_occurrence(clock, AgentReplied(at=sp(8, 10)), POLICY)
    clock = apply_occurrence(clock, StatusChanged(at=sp(11, 10), status="resolved"), POLICY)
    clock, actions = due_actions(clock, sp(11, 10))
    assert actions == []
    assert clock.next_deadline(sp(11, 10)) is None
    assert due_actions(clock, sp(30, 12))[1] == []


def test_ticket_resolved_after_its_breach_reports_the_breach_but_no_late_escalation() -> None:
    clock = p2_opened_friday_before_independence_day()
    clock = apply_occurrence(clock, AgentReplied(at=sp(8, 10)), POLICY)
    clock = apply_occurrence(clock, StatusChanged(at=sp(14, 14), status="resolved"), POLICY)
    clock, actions = due_actions(clock, sp(14, 15))
    assert [told(action) for action in actions] == [("breach", "resolution")]
    assert actions[0].due_at == sp(14, 12)
    assert clock.escalation_level is None


def test_paused_clock_tells_nothing_until_the_customer_answers() -> None:
    clock = p2_opened_friday_before_independence_day()
    clock = apply_occurrence(clock, StatusChanged(at=sp(8, 10), status="pending"), POLICY)
    assert clock.next_deadline(sp(8, 10)) is None
    clock, actions = due_actions(clock, sp(28, 10))
    assert actions == []
    clock = apply_occurrence(clock, StatusChanged(at=sp(28, 10), status="open"), POLICY)
    # 2 business hours used; 16 more reach the first-response warning: Mon 8 h, Tue 8 h.
    assert clock.next_deadline(sp(28, 10)) == sp(29, 17)


def test_warning_told_before_a_priority_change_is_not_told_again() -> None:
    clock = p2_opened_friday_before_independence_day()
    clock, actions = due_actions(clock, sp(9, 17))
    assert [told(action) for action in actions] == [("warning", "first_response", 0.75)]
    clock = apply_occurrence(clock, PriorityChanged(at=sp(9, 17, 30), priority="P3"), POLICY)
    clock, actions = due_actions(clock, sp(10, 13, 59))
    assert actions == []  # P3 also allows 24 h first response: 75 % is already told
    clock, actions = due_actions(clock, sp(10, 14))
    assert [told(action) for action in actions] == [("breach", "first_response")]


def test_each_next_response_round_has_its_own_warning_and_breach() -> None:
    clock = p2_opened_friday_before_independence_day()
    for occurrence in (AgentReplied(at=sp(8, 9)), CustomerReplied(at=sp(8, 10))):
        clock = apply_occurrence(clock, occurrence, POLICY)
    clock, actions = due_actions(clock, sp(9, 10))  # 8 business hours later
    assert [told(action) for action in actions] == [("breach", "next_response")]
    assert actions[0].round == 1
    for occurrence in (AgentReplied(at=sp(9, 11)), CustomerReplied(at=sp(9, 12))):
        clock = apply_occurrence(clock, occurrence, POLICY)
    clock, actions = due_actions(clock, sp(10, 11))
    assert [(told(action), action.round) for action in actions] == [
        (("breach", "next_response"), 2)
    ]


def test_warning_still_untold_when_the_target_is_met_is_not_told() -> None:
    clock = p2_opened_friday_before_independence_day()
    clock = apply_occurrence(clock, AgentReplied(at=sp(9, 17, 30)), POLICY)  # warning was 17:00
    clock, actions = due_actions(clock, sp(9, 18))
    assert actions == []
    assert clock.next_deadline(sp(9, 18)) == sp(11, 11)  # only the resolution warning is ahead


def test_steps_missed_before_a_resolve_are_told_in_order_once_a_reopen_resumes_it() -> None:
    clock = p2_opened_friday_before_independence_day()
    clock = apply_occurrence(clock, AgentReplied(at=sp(8, 10)), POLICY)
    # Resolved Mon 14 13:30 without anyone polling since the breach (12:00) and leader step.
    clock = apply_occurrence(clock, StatusChanged(at=sp(14, 13, 30), status="resolved"), POLICY)
    clock, actions = due_actions(clock, sp(14, 14))
    assert [told(action) for action in actions] == [("breach", "resolution")]
    clock = apply_occurrence(clock, StatusChanged(at=sp(15, 9), status="open"), POLICY)
    clock, actions = due_actions(clock, sp(15, 9))
    assert [told(action) for action in actions] == [
        ("escalation", "agent", ("agent",)),
        ("escalation", "leader", ("agent", "leader")),
    ]
    # 1.5 h past the breach were used before the resolve; the coordinator step is 2.5 h later.
    assert clock.next_deadline(sp(15, 9)) == sp(15, 11, 30)
