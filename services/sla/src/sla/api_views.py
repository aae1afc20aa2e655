"""What the HTTP API answers: times in the calendar's time zone, with their UTC offset."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, BaseModel, Field

from sla.domain.clock import SlaClock
from sla.domain.clock_summary import summarize
from sla.domain.clock_timing import clock_calendar
from sla.domain.policy import EscalationLevel, Priority, SlaPolicy, SlaTarget, TicketStatus


class TargetView(BaseModel):
    target: SlaTarget
    round: int = Field(description="Next-response rounds count up from 1")
    target_minutes: int = Field(description="Business minutes allowed")
    due_at: AwareDatetime | None = Field(description="None while the clock is paused")
    met_at: AwareDatetime | None
    breached: bool
    running: bool
    business_minutes_left: int = Field(description="Negative when overdue")
    business_minutes_overdue: int = Field(description="0 unless overdue")


class TicketSlaView(BaseModel):
    ticket_number: int
    priority: Priority
    category: str | None = Field(description="The ticket category the targets were chosen for")
    status: TicketStatus
    calendar: str
    timezone: str
    paused: bool
    escalation_level: EscalationLevel | None
    next_deadline: AwareDatetime | None = Field(description="When the sla service next acts")
    as_of: AwareDatetime
    targets: list[TargetView]


class BusinessTimePreview(BaseModel):
    calendar: str
    timezone: str
    start: AwareDatetime
    minutes: float
    result: AwareDatetime = Field(description="`minutes` business minutes after `start`")


def local(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    return moment.astimezone(zone) if moment else None


def ticket_sla_view(clock: SlaClock, now: datetime, policy: SlaPolicy) -> TicketSlaView:
    calendar = clock_calendar(clock, policy)
    zone = calendar.zone
    summary = summarize(clock, now, policy)
    return TicketSlaView(
        ticket_number=clock.ticket_number,
        priority=clock.priority,
        category=clock.category,
        status=clock.status,
        calendar=calendar.name,
        timezone=calendar.timezone,
        paused=summary.paused,
        escalation_level=summary.escalation_level,
        next_deadline=local(summary.next_deadline, zone),
        as_of=now.astimezone(zone),
        targets=[
            TargetView(
                target=target.target,
                round=target.round,
                target_minutes=target.target_minutes,
                due_at=local(target.due_at, zone),
                met_at=local(target.met_at, zone),
                breached=target.breached,
                running=target.running,
                business_minutes_left=target.business_minutes_left,
                business_minutes_overdue=max(0, -target.business_minutes_left),
            )
            for target in summary.targets
        ],
    )
