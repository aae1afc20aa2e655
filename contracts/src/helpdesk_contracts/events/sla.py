"""Events published by sla: clocks, warnings, breaches and escalations."""

from __future__ import annotations

from typing import Literal

from pydantic import AwareDatetime, Field

from helpdesk_contracts.base import Contract, EventPayload
from helpdesk_contracts.common import Priority, StaffMember

SlaTarget = Literal["first_response", "next_response", "resolution"]
EscalationLevel = Literal["agent", "leader", "coordinator", "manager"]


class TargetState(Contract):
    target: SlaTarget
    due_at: AwareDatetime | None = Field(description="None while the clock is paused")
    met_at: AwareDatetime | None = None
    breached: bool = False
    business_minutes_left: int = Field(description="Negative when overdue")


class SlaEvent(EventPayload):
    ticket_number: int = Field(ge=1)
    priority: Priority
    calendar: str


class SlaClockUpdated(SlaEvent):
    event_type = "sla.clock_updated"

    paused: bool
    targets: tuple[TargetState, ...]
    escalation_level: EscalationLevel | None = None


class SlaWarning(SlaEvent):
    event_type = "sla.warning"

    target: SlaTarget
    due_at: AwareDatetime
    fraction: float = Field(gt=0, lt=1, description="Share of the target already used")
    notify: tuple[StaffMember, ...] = ()


class SlaBreached(SlaEvent):
    event_type = "sla.breached"

    target: SlaTarget
    due_at: AwareDatetime
    notify: tuple[StaffMember, ...] = ()


class SlaEscalated(SlaEvent):
    event_type = "sla.escalated"

    target: SlaTarget
    level: EscalationLevel
    notify_roles: tuple[EscalationLevel, ...] = Field(description="Roles to tell at this level")
    notify: tuple[StaffMember, ...] = ()
