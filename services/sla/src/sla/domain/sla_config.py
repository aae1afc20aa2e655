"""The SLA configuration as written in a YAML/JSON file and exchanged over the admin API.

`SlaConfig()` is the default configuration (also written out as `sla/default_config.yaml`);
`SlaConfig.model_validate(mapping)` reads a parsed file; `to_policy()` builds the domain objects.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sla.domain.calendar import BusinessCalendar, HolidayRule
from sla.domain.opening_hours import WEEKDAYS, OpeningSlot, WeeklyOpeningHours
from sla.domain.policy import (
    DEFAULT_LADDER,
    EscalationLevel,
    EscalationStep,
    Priority,
    PriorityTargets,
    SlaPolicy,
    category_key,
)

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
SlotText = Annotated[str, Field(pattern=r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$", examples=["09:00-12:00"])]
WEEKDAY_HOURS: dict[Weekday, list[str]] = {
    "monday": ["09:00-18:00"],
    "tuesday": ["09:00-18:00"],
    "wednesday": ["09:00-18:00"],
    "thursday": ["09:00-18:00"],
    "friday": ["09:00-18:00"],
}
CategoryName = Annotated[str, Field(min_length=1, max_length=200, examples=["Cobrança"])]
ALL_DAY: dict[Weekday, list[str]] = {day: ["00:00-24:00"] for day in get_args(Weekday)}


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HolidaysConfig(_Config):
    country: str = Field(default="BR", description="ISO 3166 code known to the holidays package")
    subdivision: str | None = Field(default=None, description='State, e.g. "SP"')
    categories: tuple[str, ...] = Field(
        default=("public",), description='"optional" adds e.g. Carnaval where the package has it'
    )


class CalendarConfig(_Config):
    timezone: str = "America/Sao_Paulo"
    opening_hours: dict[Weekday, list[SlotText]] = Field(
        default_factory=lambda: dict(WEEKDAY_HOURS),
        description="Weekday name (monday…sunday) to HH:MM-HH:MM slots; a missing day is closed",
    )
    holidays: HolidaysConfig | None = Field(default_factory=HolidaysConfig)
    closed_dates: tuple[date, ...] = Field(default=(), description="Extra dates the desk is closed")

    def to_calendar(self, name: str) -> BusinessCalendar:
        days = {
            WEEKDAYS.index(day): [OpeningSlot.parse(text) for text in slots]
            for day, slots in self.opening_hours.items()
        }
        rule = self.holidays
        return BusinessCalendar(
            name,
            timezone=self.timezone,
            opening_hours=WeeklyOpeningHours.from_days(days),
            holidays=HolidayRule(rule.country, rule.subdivision, rule.categories) if rule else None,
            closed_dates=frozenset(self.closed_dates),
        )


class TargetsConfig(_Config):
    calendar: str = "business"
    first_response_minutes: int = Field(gt=0)
    next_response_minutes: int = Field(gt=0)
    resolution_minutes: int = Field(gt=0)

    def to_targets(self) -> PriorityTargets:
        return PriorityTargets(
            self.calendar,
            first_response=timedelta(minutes=self.first_response_minutes),
            next_response=timedelta(minutes=self.next_response_minutes),
            resolution=timedelta(minutes=self.resolution_minutes),
        )


class EscalationStepConfig(_Config):
    level: EscalationLevel
    after_breach_minutes: int = Field(ge=0, description="Business minutes after the breach")
    notify: tuple[EscalationLevel, ...]

    def to_step(self) -> EscalationStep:
        return EscalationStep(self.level, timedelta(minutes=self.after_breach_minutes), self.notify)


def _default_policies() -> dict[Priority, TargetsConfig]:
    def hours(calendar: str, first: int, following: int, resolution: int) -> TargetsConfig:
        return TargetsConfig(
            calendar=calendar,
            first_response_minutes=first * 60,
            next_response_minutes=following * 60,
            resolution_minutes=resolution * 60,
        )

    return {
        "P0": hours("24x7", 4, 1, 4),
        "P1": hours("business", 4, 4, 12),
        "P2": hours("business", 24, 8, 40),
        "P3": hours("business", 24, 16, 48),
    }


def _default_calendars() -> dict[str, CalendarConfig]:
    around_the_clock = CalendarConfig(opening_hours=ALL_DAY, holidays=None)
    return {"business": CalendarConfig(), "24x7": around_the_clock}


def _default_ladder() -> tuple[EscalationStepConfig, ...]:
    return tuple(
        EscalationStepConfig(
            level=step.level,
            after_breach_minutes=int(step.after_breach / timedelta(minutes=1)),
            notify=step.notify,
        )
        for step in DEFAULT_LADDER
    )


class SlaConfig(_Config):
    calendars: dict[str, CalendarConfig] = Field(default_factory=_default_calendars)
    policies: dict[Priority, TargetsConfig] = Field(default_factory=_default_policies)
    category_policies: dict[CategoryName, dict[Priority, TargetsConfig]] = Field(
        default_factory=dict,
        description="Ticket category to its own targets for the priorities it lists (the others "
        "use `policies`); names compare without case or accents",
    )
    warning_fractions: tuple[float, ...] = (0.75,)
    escalation_ladder: tuple[EscalationStepConfig, ...] = Field(default_factory=_default_ladder)
    pause_on_hold: bool = Field(default=False, description="Stop the clock while on_hold too")

    @model_validator(mode="after")
    def _builds_a_policy(self) -> SlaConfig:
        self.to_policy()
        return self

    def to_policy(self) -> SlaPolicy:
        """The domain policy this configuration describes (raises ValueError when inconsistent)."""
        by_category = {category_key(name): name for name in self.category_policies}
        if len(by_category) < len(self.category_policies):
            raise ValueError("two category_policies name the same category")
        return SlaPolicy(
            calendars={name: entry.to_calendar(name) for name, entry in self.calendars.items()},
            priorities={priority: entry.to_targets() for priority, entry in self.policies.items()},
            category_priorities={
                key: {p: entry.to_targets() for p, entry in self.category_policies[name].items()}
                for key, name in by_category.items()
            },
            warning_fractions=self.warning_fractions,
            escalation_ladder=tuple(step.to_step() for step in self.escalation_ladder),
            pause_on_hold=self.pause_on_hold,
        )
