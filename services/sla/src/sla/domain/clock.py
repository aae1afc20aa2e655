"""The SLA clock of one ticket: immutable state that pure functions turn into the next state.

Each target (first response, resolution and the current round of next response) has a timer
holding the business time used so far. A running timer knows when each of its checkpoints
(warning fractions, the breach, the escalation steps) will be reached; a paused one does not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict

from sla.domain.policy import EscalationLevel, Priority, SlaTarget, TicketStatus

CheckpointKind = Literal["warning", "breach", "escalation"]
DONE_STATUSES: frozenset[TicketStatus] = frozenset({"resolved", "closed", "merged"})


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Checkpoint(_Frozen):
    """A point on a timer, in business time used, at which something must be told."""

    key: str
    kind: CheckpointKind
    after: timedelta
    at: AwareDatetime | None = None
    fraction: float | None = None
    level: EscalationLevel | None = None
    notify: tuple[EscalationLevel, ...] = ()


class TargetTimer(_Frozen):
    """One target of the ticket: how much business time it allows and how much is used."""

    target: SlaTarget
    round: int = 1
    allowed: timedelta
    elapsed: timedelta = timedelta(0)
    running_since: AwareDatetime | None = None
    due_at: AwareDatetime | None = None
    met_at: AwareDatetime | None = None
    breached_at: AwareDatetime | None = None
    checkpoints: tuple[Checkpoint, ...] = ()

    @property
    def running(self) -> bool:
        return self.running_since is not None

    def reached(self, checkpoint: Checkpoint, now: datetime) -> bool:
        """Whether the timer has used `checkpoint.after` business time by `now`."""
        if checkpoint.after <= self.elapsed:
            return True
        return checkpoint.at is not None and checkpoint.at <= now

    def is_breached(self, now: datetime) -> bool:
        """Breached: not met before its due time (a breach stays on record once it happened)."""
        if self.breached_at is not None:
            return True
        return self.met_at is None and self.due_at is not None and self.due_at <= now


class SlaClock(_Frozen):
    """All SLA timers of one ticket and which warnings, breaches and escalations were told."""

    ticket_number: int
    priority: Priority
    category: str | None = None
    """The ticket's category, which may have targets of its own (`SlaPolicy.targets_for`)."""
    calendar: str
    status: TicketStatus
    paused: bool = False
    started_at: AwareDatetime
    updated_at: AwareDatetime
    timers: tuple[TargetTimer, ...]
    emitted: frozenset[str] = frozenset()
    escalation_level: EscalationLevel | None = None

    def timer(self, target: SlaTarget) -> TargetTimer | None:
        """The timer of `target` (for next response, its latest round), if there is one."""
        return next((timer for timer in self.timers if timer.target == target), None)

    def next_deadline(self, now: datetime) -> datetime | None:
        """When `due_actions` next has something to tell; a value <= now means it has already.

        None when nothing is pending (every timer met or paused before its next checkpoint).
        """
        now = now.astimezone(UTC)
        candidates: list[datetime] = []
        for timer in self.timers:
            for checkpoint in timer.checkpoints:
                if checkpoint.key in self.emitted or not still_worth_telling(timer, checkpoint):
                    continue
                if checkpoint.after <= timer.elapsed:
                    candidates.append(now)
                elif checkpoint.at is not None:
                    candidates.append(checkpoint.at)
        return min(candidates, default=None)


def still_worth_telling(timer: TargetTimer, checkpoint: Checkpoint) -> bool:
    """A met target still reports its breach (met late); warnings and escalations wait."""
    return timer.met_at is None or checkpoint.kind == "breach"
