"""SLA policies: per-priority targets on a named calendar (optionally per ticket category),
warning fractions, escalation ladder."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal, get_args

from helpdesk_calendar.calendar import BusinessCalendar

Priority = Literal["P0", "P1", "P2", "P3"]
SlaTarget = Literal["first_response", "next_response", "resolution"]
EscalationLevel = Literal["agent", "leader", "coordinator", "manager"]
TicketStatus = Literal["new", "open", "pending", "on_hold", "resolved", "closed", "merged"]

PRIORITIES: tuple[Priority, ...] = get_args(Priority)


@dataclass(frozen=True)
class PriorityTargets:
    """Business time allowed for each target of one priority, counted on `calendar`."""

    calendar: str
    first_response: timedelta
    next_response: timedelta
    resolution: timedelta

    def __post_init__(self) -> None:
        if min(self.first_response, self.next_response, self.resolution) <= timedelta(0):
            raise ValueError("SLA targets must be positive amounts of business time")

    def allowed(self, target: SlaTarget) -> timedelta:
        allowed: timedelta = getattr(self, target)
        return allowed


def category_key(category: str) -> str:
    """How categories compare: without case, accents or surrounding blanks, as the tickets
    service's priority rules compare them ("Cobrança" and "cobranca" are one category)."""
    decomposed = unicodedata.normalize("NFKD", category.strip().casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@dataclass(frozen=True)
class EscalationStep:
    """A rung of the ladder: `after_breach` business time after the resolution breach, tell
    `notify`."""

    level: EscalationLevel
    after_breach: timedelta
    notify: tuple[EscalationLevel, ...]


DEFAULT_LADDER = (
    EscalationStep("agent", timedelta(0), ("agent",)),
    EscalationStep("leader", timedelta(hours=1), ("agent", "leader")),
    EscalationStep("coordinator", timedelta(hours=4), ("agent", "leader", "coordinator")),
    EscalationStep("manager", timedelta(hours=8), ("agent", "leader", "coordinator", "manager")),
)


@dataclass(frozen=True)
class SlaPolicy:
    """Everything a clock needs to know to compute due times; built from `SlaConfig`."""

    calendars: Mapping[str, BusinessCalendar]
    priorities: Mapping[Priority, PriorityTargets]
    category_priorities: Mapping[str, Mapping[Priority, PriorityTargets]] = field(
        default_factory=dict
    )
    """Targets for tickets of a category (keyed by `category_key`), for the priorities it lists."""
    warning_fractions: tuple[float, ...] = (0.75,)
    escalation_ladder: tuple[EscalationStep, ...] = DEFAULT_LADDER
    pause_on_hold: bool = False
    at_risk_fraction_left: float = 0.25
    """A running target with less than this share of its business time left is at risk."""

    def __post_init__(self) -> None:
        if missing := [priority for priority in PRIORITIES if priority not in self.priorities]:
            raise ValueError(f"no SLA targets for priorities {missing}")
        for priority, targets in self.priorities.items():
            if targets.calendar not in self.calendars:
                raise ValueError(f"{priority} uses unknown calendar {targets.calendar!r}")
        for category, overrides in self.category_priorities.items():
            for priority, targets in overrides.items():
                if targets.calendar not in self.calendars:
                    name = f"{priority} of category {category!r}"
                    raise ValueError(f"{name} uses unknown calendar {targets.calendar!r}")
        if any(not 0 < fraction < 1 for fraction in self.warning_fractions):
            raise ValueError("warning fractions must lie strictly between 0 and 1")
        if list(self.warning_fractions) != sorted(set(self.warning_fractions)):
            raise ValueError("warning fractions must be increasing and distinct")
        if not 0 < self.at_risk_fraction_left < 1:
            raise ValueError("the at-risk share must lie strictly between 0 and 1")
        levels = [step.level for step in self.escalation_ladder]
        if len(set(levels)) != len(levels):
            raise ValueError("each escalation level may appear once in the ladder")
        offsets = [step.after_breach for step in self.escalation_ladder]
        if offsets != sorted(offsets) or any(offset < timedelta(0) for offset in offsets):
            raise ValueError("escalation steps must come at non-decreasing, non-negative offsets")

    def targets_for(self, priority: Priority, category: str | None = None) -> PriorityTargets:
        """The category's own targets for `priority` if it has some, else the priority's."""
        overrides = self.category_priorities.get(category_key(category)) if category else None
        if overrides and priority in overrides:
            return overrides[priority]
        return self.priorities[priority]

    def calendar_named(self, name: str) -> BusinessCalendar:
        return self.calendars[name]

    def counts_during(self, status: TicketStatus) -> bool:
        """Whether SLA time runs in `status`: never while pending, on_hold as configured."""
        if status == "on_hold":
            return not self.pause_on_hold
        return status in ("new", "open")
