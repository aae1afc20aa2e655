"""Pure SLA domain: business calendars and time, policies, per-ticket clocks. No I/O here."""

from helpdesk_calendar.business_time import (
    add_business_minutes,
    add_business_time,
    business_minutes_between,
    business_time_between,
)
from helpdesk_calendar.calendar import BusinessCalendar, HolidayRule
from helpdesk_calendar.config import CalendarConfig
from helpdesk_calendar.opening_hours import OpeningSlot, WeeklyOpeningHours
from sla.domain.clock import Checkpoint, SlaClock, TargetTimer
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
from sla.domain.clock_summary import SlaSummary, TargetSummary, summarize
from sla.domain.due_actions import SlaAction, SlaBreach, SlaEscalation, SlaWarning, due_actions
from sla.domain.policy import (
    EscalationLevel,
    EscalationStep,
    Priority,
    PriorityTargets,
    SlaPolicy,
    SlaTarget,
    TicketStatus,
)
from sla.domain.sla_config import SlaConfig

__all__ = [
    "AgentReplied",
    "BusinessCalendar",
    "CalendarConfig",
    "CategoryChanged",
    "Checkpoint",
    "CustomerReplied",
    "EscalationLevel",
    "EscalationStep",
    "HolidayRule",
    "Occurrence",
    "OpeningSlot",
    "Priority",
    "PriorityChanged",
    "PriorityTargets",
    "SlaAction",
    "SlaBreach",
    "SlaClock",
    "SlaConfig",
    "SlaEscalation",
    "SlaPolicy",
    "SlaSummary",
    "SlaTarget",
    "SlaWarning",
    "StatusChanged",
    "TargetSummary",
    "TargetTimer",
    "TicketStatus",
    "WeeklyOpeningHours",
    "add_business_minutes",
    "add_business_time",
    "apply_occurrence",
    "business_minutes_between",
    "business_time_between",
    "due_actions",
    "start_clock",
    "summarize",
]
