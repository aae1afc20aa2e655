"""How a ticket's SLA clock reacts to what happens to the ticket (default policy, São Paulo)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from sla.domain.clock import SlaClock
from sla.domain.clock_occurrences import (
    AgentReplied,
    CategoryChanged,
    CustomerReplied,
    Occurrence,
    PriorityChanged,
    StatusChanged,
    apply_occurrence,
    start_clock,
)
from sla.domain.policy import Priority, SlaPolicy
from sla.domain.sla_config import SlaConfig

SAO_PAULO = ZoneInfo("America/Sao_Paulo")
POLICY = SlaConfig().to_policy()
# Friday 4 September 2026 17:00; Monday 7 September is Independence Day (closed).
OPENED = datetime(2026, 9, 4, 17, 0, tzinfo=SAO_PAULO)


def sp(day: int, hour: int, minute: int = 0, month: int = 9) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SAO_PAULO)


def opened(priority: Priority = "P2", policy: SlaPolicy = POLICY) -> SlaClock:
    return start_clock(ticket_number=42, priority=priority, opened_at=OPENED, policy=policy)


def after(clock: SlaClock, *occurrences: Occurrence, policy: SlaPolicy = POLICY) -> SlaClock:
    for occurrence in occurrences:
        clock = apply_occurrence(clock, occurrence, policy)
    return clock


def due(clock: SlaClock, target: str) -> datetime | None:
    timer = clock.timer(target)  # type: ignore[arg-type]
    assert timer is not None
    return timer.due_at


def test_new_p2_ticket_gets_first_response_and_resolution_due_times() -> None:
    clock = opened()
    assert due(clock, "first_response") == sp(10, 14)  # Fri 1 h + Tue, Wed 18 h + Thu 5 h
    assert due(clock, "resolution") == sp(14, 12)  # Fri 1 h + 4 days 36 h + Mon 3 h
    assert clock.timer("next_response") is None
    assert not clock.paused


def test_waiting_on_the_customer_pauses_and_the_answer_resumes_with_time_kept() -> None:
    clock = after(opened(), StatusChanged(at=sp(8, 10), status="pending"))
    assert clock.paused
    assert due(clock, "first_response") is None
    assert due(clock, "resolution") is None
    assert clock.next_deadline(sp(20, 10)) is None
    # Paused Tue 10:00 -> Wed 10:00 (9 business hours), so every due time moves 9 hours on.
    clock = after(clock, StatusChanged(at=sp(9, 10), status="open"))
    assert not clock.paused
    assert due(clock, "resolution") == sp(15, 12)
    assert due(clock, "first_response") == sp(11, 14)


def test_on_hold_keeps_counting_unless_configured_to_pause() -> None:
    on_hold = StatusChanged(at=sp(8, 10), status="on_hold")
    assert due(after(opened(), on_hold), "resolution") == sp(14, 12)
    pausing = SlaConfig(pause_on_hold=True).to_policy()
    clock = after(opened(policy=pausing), on_hold, policy=pausing)
    assert clock.paused
    assert due(clock, "resolution") is None


def test_priority_raise_keeps_used_time_and_applies_the_new_targets() -> None:
    # Tue 10:00: 2 business hours used; P1 allows 4 h first response and 12 h resolution.
    clock = after(opened(), PriorityChanged(at=sp(8, 10), priority="P1"))
    assert clock.priority == "P1"
    assert due(clock, "first_response") == sp(8, 12)
    assert due(clock, "resolution") == sp(9, 11)  # Tue 10-18 8 h, Wed 09-11 2 h


def test_raise_to_p0_on_a_weekend_counts_business_hours_from_the_next_business_day() -> None:
    clock = after(opened(), PriorityChanged(at=sp(5, 10), priority="P0"))  # Saturday, 1 h used
    assert clock.calendar == "business"
    assert due(clock, "resolution") == sp(8, 12)  # Fri 17-18, Mon 7 closed, Tue 09-12


def test_p0_opened_on_saturday_evening_is_due_four_business_hours_into_monday() -> None:
    saturday_evening = datetime(2026, 12, 5, 19, 32, tzinfo=SAO_PAULO)
    clock = start_clock(ticket_number=7, priority="P0", opened_at=saturday_evening, policy=POLICY)
    assert due(clock, "resolution") == sp(7, 13, month=12)  # "4 horas úteis", not 23:32


BILLING = SlaConfig.model_validate(
    SlaConfig().model_dump(mode="json")
    | {
        "category_policies": {
            "Cobrança": {
                "P2": {
                    "calendar": "business",
                    "first_response_minutes": 240,
                    "next_response_minutes": 240,
                    "resolution_minutes": 1440,
                },
                "P1": {
                    "calendar": "24x7",
                    "first_response_minutes": 60,
                    "next_response_minutes": 60,
                    "resolution_minutes": 240,
                },
            }
        }
    }
).to_policy()


def test_reclassifying_keeps_used_time_and_applies_the_category_targets() -> None:
    # Tue 10:00: 2 business hours used; billing P2 allows 4 h first response and 24 h resolution.
    reclassified = CategoryChanged(at=sp(8, 10), category="cobranca")
    clock = after(opened(policy=BILLING), reclassified, policy=BILLING)
    assert (clock.priority, clock.category) == ("P2", "cobranca")
    assert due(clock, "first_response") == sp(8, 12)
    assert due(clock, "resolution") == sp(10, 14)  # Tue 8 h, Wed 9 h, Thu 09-14 5 h
    timer = clock.timer("resolution")
    assert timer is not None
    assert timer.elapsed.total_seconds() == 2 * 3600


def test_priority_change_inside_a_category_takes_its_targets_or_else_the_priority_ones() -> None:
    reclassified = CategoryChanged(at=sp(8, 10), category=" COBRANÇA ")
    billing = after(opened(policy=BILLING), reclassified, policy=BILLING)
    raised = after(billing, PriorityChanged(at=sp(8, 11), priority="P1"), policy=BILLING)
    assert raised.calendar == "24x7"  # billing's own P1 counts round the clock
    assert due(raised, "resolution") == sp(8, 12)  # 3 business hours used of 4
    lowered = after(billing, PriorityChanged(at=sp(8, 11), priority="P3"), policy=BILLING)
    # P3's own 48 h: 45 left from Tue 11:00.
    assert (lowered.calendar, due(lowered, "resolution")) == ("business", sp(15, 11))


def test_lowering_a_target_below_the_time_used_breaches_at_once() -> None:
    # Wed 9 September 16:00: 26 business hours used, P1 allows only 12.
    clock = after(opened(), PriorityChanged(at=sp(9, 16), priority="P1"))
    resolution = clock.timer("resolution")
    assert resolution is not None
    assert resolution.breached_at == sp(9, 16)
    assert resolution.is_breached(sp(9, 16))


def test_first_public_agent_reply_meets_first_response_but_an_internal_note_does_not() -> None:
    clock = after(opened(), AgentReplied(at=sp(8, 9, 30), public=False))
    assert clock.timer("first_response").met_at is None  # type: ignore[union-attr]
    clock = after(clock, AgentReplied(at=sp(8, 10)))
    first = clock.timer("first_response")
    assert first is not None
    assert first.met_at == sp(8, 10)
    assert not first.is_breached(sp(30, 10))
    assert due(clock, "resolution") == sp(14, 12)


def test_late_first_reply_is_met_and_breached() -> None:
    clock = after(opened(), AgentReplied(at=sp(11, 9)))
    first = clock.timer("first_response")
    assert first is not None
    assert first.met_at == sp(11, 9)
    assert first.breached_at == sp(10, 14)


def test_resolving_meets_resolution_and_reopening_resumes_it_with_time_kept() -> None:
    clock = after(opened(), StatusChanged(at=sp(8, 10), status="resolved"))
    resolution = clock.timer("resolution")
    assert resolution is not None
    assert resolution.met_at == sp(8, 10)
    assert not clock.paused
    assert clock.next_deadline(sp(30, 10)) is None
    # 2 h used; reopened Thu 10 09:00: 38 h left -> Thu, Fri, Mon, Tue (36 h), Wed 16 11:00.
    clock = after(clock, StatusChanged(at=sp(10, 9), status="open"))
    resolution = clock.timer("resolution")
    assert resolution is not None
    assert resolution.met_at is None
    assert resolution.due_at == sp(16, 11)


def test_customer_reply_after_the_first_response_starts_a_next_response_round() -> None:
    clock = after(opened(), CustomerReplied(at=sp(8, 9)))
    assert clock.timer("next_response") is None  # the first response is still owed
    clock = after(clock, AgentReplied(at=sp(8, 10)), CustomerReplied(at=sp(8, 11)))
    following = clock.timer("next_response")
    assert following is not None
    assert (following.round, following.due_at) == (1, sp(9, 10))  # 8 business hours
    clock = after(clock, CustomerReplied(at=sp(8, 15)))  # the oldest unanswered reply counts
    still = clock.timer("next_response")
    assert still is not None
    assert (still.round, still.due_at) == (1, sp(9, 10))
    clock = after(clock, AgentReplied(at=sp(8, 16)), CustomerReplied(at=sp(9, 9)))
    following = clock.timer("next_response")
    assert following is not None
    assert (following.round, following.due_at) == (2, sp(9, 17))


def test_an_occurrence_that_arrives_late_counts_from_the_last_update() -> None:
    clock = after(opened(), StatusChanged(at=sp(8, 10), status="pending"))
    clock = after(clock, StatusChanged(at=sp(8, 9), status="open"))
    assert clock.updated_at == sp(8, 10)
    assert due(clock, "resolution") == sp(14, 12)


def test_occurrence_times_must_be_timezone_aware() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        StatusChanged(at=datetime(2026, 9, 8, 10, 0), status="open")


def test_clock_survives_a_round_trip_through_json() -> None:
    clock = after(opened(), AgentReplied(at=sp(8, 10)), CustomerReplied(at=sp(8, 11)))
    assert SlaClock.model_validate_json(clock.model_dump_json()) == clock
    assert SlaClock.model_validate(clock.model_dump(mode="json")) == clock
