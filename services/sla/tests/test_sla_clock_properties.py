"""Whatever happens to a ticket and whenever the service wakes, each step is told at most once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from sla.domain.clock_occurrences import (
    AgentReplied,
    CustomerReplied,
    Occurrence,
    PriorityChanged,
    StatusChanged,
    apply_occurrence,
    start_clock,
)
from sla.domain.due_actions import SlaAction, SlaEscalation, SlaWarning, due_actions
from sla.domain.policy import PRIORITIES, Priority, SlaPolicy, TicketStatus
from sla.domain.sla_config import SlaConfig

POLICIES = (SlaConfig().to_policy(), SlaConfig(pause_on_hold=True).to_policy())
OPENED = datetime(2026, 9, 4, 17, 0, tzinfo=ZoneInfo("America/Sao_Paulo"))
LADDER = ["agent", "leader", "coordinator", "manager"]
STATUSES: tuple[TicketStatus, ...] = ("new", "open", "pending", "on_hold", "resolved", "closed")

Happening = Callable[[datetime], Occurrence] | None  # None: the service wakes and polls


def status_change(status: TicketStatus) -> Happening:
    return lambda at: StatusChanged(at=at, status=status)


def priority_change(priority: Priority) -> Happening:
    return lambda at: PriorityChanged(at=at, priority=priority)


def reply(public: bool) -> Happening:
    return lambda at: AgentReplied(at=at, public=public)


happenings: st.SearchStrategy[Happening] = st.one_of(
    st.none(),
    st.sampled_from(STATUSES).map(status_change),
    st.sampled_from(PRIORITIES).map(priority_change),
    st.sampled_from([reply(True), reply(False), lambda at: CustomerReplied(at=at)]),
)


def identity(action: SlaAction) -> tuple[object, ...]:
    detail: object = None
    if isinstance(action, SlaEscalation):
        detail = action.level
    elif isinstance(action, SlaWarning):
        detail = action.fraction
    return (action.kind, action.target, action.round, detail)


@settings(max_examples=150, deadline=None)
@given(
    policy=st.sampled_from(POLICIES),
    priority=st.sampled_from(PRIORITIES),
    story=st.lists(st.tuples(st.integers(0, 3 * 24 * 60), happenings), max_size=25),
)
def test_each_warning_breach_and_escalation_is_told_at_most_once(
    policy: SlaPolicy, priority: Priority, story: list[tuple[int, Happening]]
) -> None:
    clock = start_clock(ticket_number=1, priority=priority, opened_at=OPENED, policy=policy)
    now, told = OPENED, list[SlaAction]()
    for minutes, happening in story:
        now += timedelta(minutes=minutes)
        if happening is not None:
            clock = apply_occurrence(clock, happening(now), policy)
            continue
        clock, actions = due_actions(clock, now)
        told.extend(actions)
        assert due_actions(clock, now)[1] == []
        deadline = clock.next_deadline(now)
        assert deadline is None or deadline > now
    identities = [identity(action) for action in told]
    assert len(identities) == len(set(identities))
    levels = [action.level for action in told if isinstance(action, SlaEscalation)]
    assert levels == LADDER[: len(levels)]
    for action in told:
        timer = clock.timer(action.target)
        if action.kind == "breach" and timer is not None and timer.round == action.round:
            assert timer.is_breached(now)
