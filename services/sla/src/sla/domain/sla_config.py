"""The SLA configuration as written in a YAML/JSON file and exchanged over the admin API.

`SlaConfig()` is the default configuration (also written out as `sla/default_config.yaml`);
`SlaConfig.model_validate(mapping)` reads a parsed file; `to_policy()` builds the domain objects.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from helpdesk_calendar.config import CalendarConfig, default_calendars
from sla.domain.policy import (
    DEFAULT_LADDER,
    EscalationLevel,
    EscalationStep,
    Priority,
    PriorityTargets,
    SlaPolicy,
    category_key,
)

CategoryName = Annotated[str, Field(min_length=1, max_length=200, examples=["Cobrança"])]


class _Config(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


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
        "P0": hours("business", 4, 1, 4),
        "P1": hours("business", 4, 4, 12),
        "P2": hours("business", 24, 8, 40),
        "P3": hours("business", 24, 16, 48),
    }


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
    calendars: dict[str, CalendarConfig] = Field(default_factory=default_calendars)
    policies: dict[Priority, TargetsConfig] = Field(default_factory=_default_policies)
    category_policies: dict[CategoryName, dict[Priority, TargetsConfig]] = Field(
        default_factory=dict,
        description="Ticket category to its own targets for the priorities it lists (the others "
        "use `policies`); names compare without case or accents",
    )
    warning_fractions: tuple[float, ...] = (0.75,)
    escalation_ladder: tuple[EscalationStepConfig, ...] = Field(default_factory=_default_ladder)
    pause_on_hold: bool = Field(default=False, description="Stop the clock while on_hold too")
    at_risk_fraction_left: float = Field(
        default=0.25,
        gt=0,
        lt=1,
        description="A running target with less than this share of its business time left is "
        "at risk (the at-risk list, GET /v1/clocks?state=at_risk)",
    )

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
            at_risk_fraction_left=self.at_risk_fraction_left,
        )
