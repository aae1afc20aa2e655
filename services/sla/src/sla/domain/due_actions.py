"""What the sla service must tell now: warnings, breaches and escalation steps, once each."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from sla.domain.clock import Checkpoint, SlaClock, TargetTimer, still_worth_telling
from sla.domain.policy import EscalationLevel, SlaTarget


class _Action(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    target: SlaTarget
    round: int
    due_at: AwareDatetime | None


class SlaWarning(_Action):
    """`fraction` of the target's business time is used up (sla.warning)."""

    kind: Literal["warning"] = "warning"
    fraction: float


class SlaBreach(_Action):
    """The target was not met by its due time (sla.breached)."""

    kind: Literal["breach"] = "breach"


class SlaEscalation(_Action):
    """A rung of the escalation ladder was reached after the resolution breach (sla.escalated)."""

    kind: Literal["escalation"] = "escalation"
    level: EscalationLevel
    roles_to_tell: tuple[EscalationLevel, ...]


SlaAction = SlaWarning | SlaBreach | SlaEscalation


def due_actions(clock: SlaClock, now: datetime) -> tuple[SlaClock, list[SlaAction]]:
    """Everything reached by `now` and not told yet, and the clock recording it as told.

    A warning already overtaken by its target's breach is recorded but not told. A met target
    still reports a breach it had; its warnings and escalations wait, and are told only if a
    reopen resumes it (so the ladder is always climbed in order).
    """
    now = now.astimezone(UTC)
    emitted, actions, timers = set(clock.emitted), list[SlaAction](), []
    level = clock.escalation_level
    for timer in clock.timers:
        reached = [
            point
            for point in timer.checkpoints
            if point.key not in emitted and timer.reached(point, now)
        ]
        overtaken = any(
            point.kind == "breach" and timer.reached(point, now) for point in timer.checkpoints
        )
        for point in reached:
            if not still_worth_telling(timer, point):
                continue  # kept: told if a reopen resumes the target
            emitted.add(point.key)
            if point.kind == "warning" and overtaken:
                continue
            actions.append(_action(timer, point))
            if point.kind == "breach" and timer.breached_at is None:
                timer = timer.model_copy(update={"breached_at": point.at or now})
            level = point.level or level
        timers.append(timer)
    if not actions and emitted == clock.emitted:
        return clock, []
    update = {"emitted": frozenset(emitted), "timers": tuple(timers), "escalation_level": level}
    return clock.model_copy(update=update), actions


def _action(timer: TargetTimer, point: Checkpoint) -> SlaAction:
    target, round_, due_at = timer.target, timer.round, timer.due_at or timer.breached_at
    if point.kind == "warning":
        assert point.fraction is not None  # warning checkpoints always carry their fraction
        return SlaWarning(target=target, round=round_, due_at=due_at, fraction=point.fraction)
    if point.kind == "breach":
        return SlaBreach(target=target, round=round_, due_at=due_at)
    assert point.level is not None  # escalation checkpoints always carry their level
    return SlaEscalation(
        target=target, round=round_, due_at=due_at, level=point.level, roles_to_tell=point.notify
    )
