"""The sla.* events a clock change causes: due times, warnings, breaches and escalations."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import structlog

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.common import StaffMember
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events import sla as contract
from sla.domain.clock import SlaClock
from sla.domain.clock_summary import summarize
from sla.domain.due_actions import SlaAction, SlaEscalation, SlaWarning
from sla.domain.policy import EscalationLevel, SlaPolicy

PRODUCER = "sla"
log = structlog.get_logger(__name__)


def visible_state(clock: SlaClock) -> tuple[object, ...]:
    """What sla.clock_updated reports, minus the minutes left that change every minute."""
    timers = tuple(
        (timer.target, timer.round, timer.due_at, timer.met_at, timer.breached_at)
        for timer in clock.timers
    )
    return clock.priority, clock.calendar, clock.paused, clock.escalation_level, timers


def clock_updated(clock: SlaClock, now: datetime, policy: SlaPolicy) -> contract.SlaClockUpdated:
    summary = summarize(clock, now, policy)
    return contract.SlaClockUpdated(
        ticket_number=clock.ticket_number,
        priority=clock.priority,
        calendar=clock.calendar,
        paused=summary.paused,
        escalation_level=summary.escalation_level,
        targets=tuple(
            contract.TargetState(
                target=target.target,
                due_at=target.due_at,
                met_at=target.met_at,
                breached=target.breached,
                business_minutes_left=target.business_minutes_left,
            )
            for target in summary.targets
        ),
    )


def roles_to_tell(action: SlaAction) -> tuple[EscalationLevel, ...]:
    """The roles a step tells: an escalation's rung names them; warnings and breaches go to the
    ticket's agent."""
    return action.roles_to_tell if isinstance(action, SlaEscalation) else ("agent",)


def action_event(
    clock: SlaClock, action: SlaAction, people: tuple[StaffMember, ...]
) -> EventPayload | None:
    """The event telling `action` to `people` (see `people_to_tell`)."""
    number, priority, calendar = clock.ticket_number, clock.priority, clock.calendar
    if isinstance(action, SlaEscalation):
        return contract.SlaEscalated(
            ticket_number=number,
            priority=priority,
            calendar=calendar,
            target=action.target,
            level=action.level,
            notify_roles=action.roles_to_tell,
            notify=people,
        )
    if action.due_at is None:
        # Only a target whose timer is stopped when the step is reached has no due time; the
        # contract needs one, so the step is recorded as told and logged instead.
        log.warning("sla step without a due time not told", ticket=number, kind=action.kind)
        return None
    if isinstance(action, SlaWarning):
        return contract.SlaWarning(
            ticket_number=number,
            priority=priority,
            calendar=calendar,
            target=action.target,
            due_at=action.due_at,
            fraction=action.fraction,
            notify=people,
        )
    return contract.SlaBreached(
        ticket_number=number,
        priority=priority,
        calendar=calendar,
        target=action.target,
        due_at=action.due_at,
        notify=people,
    )


def envelopes(
    payloads: Sequence[EventPayload | None],
    *,
    now: datetime,
    correlation_id: str | None,
    causation_id: str | None = None,
) -> list[Envelope[Any]]:
    return [
        new_envelope(
            payload,
            producer=PRODUCER,
            correlation_id=correlation_id,
            causation_id=causation_id,
            occurred_at=now,
        )
        for payload in payloads
        if payload is not None
    ]
