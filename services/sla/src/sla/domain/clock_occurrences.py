"""What happens to a ticket that matters to its SLA clock, and how each one changes the clock."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from sla.domain.clock import DONE_STATUSES, SlaClock, TargetTimer
from sla.domain.clock_timing import rearm, settle
from sla.domain.policy import Priority, SlaPolicy, SlaTarget, TicketStatus


class _Occurrence(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    at: AwareDatetime


class StatusChanged(_Occurrence):
    """pending pauses, open resumes, resolved/closed meets resolution, leaving them reopens."""

    kind: Literal["status_changed"] = "status_changed"
    status: TicketStatus


class PriorityChanged(_Occurrence):
    """New targets apply, business time already used is kept (also sent after a policy edit)."""

    kind: Literal["priority_changed"] = "priority_changed"
    priority: Priority


class CategoryChanged(_Occurrence):
    """The ticket was reclassified: its category's targets apply, business time used is kept."""

    kind: Literal["category_changed"] = "category_changed"
    category: str | None


class AgentReplied(_Occurrence):
    """An agent comment; only a public one meets first response and the open next response."""

    kind: Literal["agent_replied"] = "agent_replied"
    public: bool = True


class CustomerReplied(_Occurrence):
    """A customer comment; after the first response it starts a next-response round."""

    kind: Literal["customer_replied"] = "customer_replied"


Occurrence = Annotated[
    StatusChanged | PriorityChanged | CategoryChanged | AgentReplied | CustomerReplied,
    Field(discriminator="kind"),
]


def start_clock(
    *,
    ticket_number: int,
    priority: Priority,
    opened_at: datetime,
    policy: SlaPolicy,
    status: TicketStatus = "new",
    category: str | None = None,
) -> SlaClock:
    """The clock of a ticket just created: first response and resolution start counting."""
    opened_at = _utc(opened_at)
    targets = policy.targets_for(priority, category)
    clock = SlaClock(
        ticket_number=ticket_number,
        priority=priority,
        category=category,
        calendar=targets.calendar,
        status=status,
        started_at=opened_at,
        updated_at=opened_at,
        timers=(
            TargetTimer(target="first_response", allowed=targets.first_response),
            TargetTimer(target="resolution", allowed=targets.resolution),
        ),
    )
    return rearm(clock, opened_at, policy)


def apply_occurrence(clock: SlaClock, occurrence: Occurrence, policy: SlaPolicy) -> SlaClock:
    """The clock after `occurrence`; a late one counts as happening at the last update."""
    at = max(_utc(occurrence.at), clock.updated_at)
    clock = settle(clock, at, policy)
    match occurrence:
        case StatusChanged(status=status):
            clock = _change_status(clock, status, at)
        case PriorityChanged(priority=priority):
            clock = _retarget(clock, policy, priority=priority, category=clock.category)
        case CategoryChanged(category=category):
            clock = _retarget(clock, policy, priority=clock.priority, category=category)
        case AgentReplied(public=True):
            clock = _meet(clock, ("first_response", "next_response"), at)
        case CustomerReplied():
            clock = _start_next_response_round(clock, policy)
    return rearm(clock, at, policy)


def _utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"occurrence time must be timezone-aware, got {moment.isoformat()}")
    return moment.astimezone(UTC)


def _retarget(
    clock: SlaClock, policy: SlaPolicy, *, priority: Priority, category: str | None
) -> SlaClock:
    """The targets of `priority` in `category`; the business time each timer used is kept."""
    targets = policy.targets_for(priority, category)
    timers = tuple(
        timer.model_copy(update={"allowed": targets.allowed(timer.target)})
        for timer in clock.timers
    )
    update = {
        "priority": priority,
        "category": category,
        "calendar": targets.calendar,
        "timers": timers,
    }
    return clock.model_copy(update=update)


def _change_status(clock: SlaClock, status: TicketStatus, at: datetime) -> SlaClock:
    was_done, done = clock.status in DONE_STATUSES, status in DONE_STATUSES
    if done and not was_done:
        clock = _meet(clock, ("resolution",), at)
    elif was_done and not done:
        clock = _replace_timer(clock, "resolution", met_at=None)  # reopened: resolution resumes
    return clock.model_copy(update={"status": status})


def _meet(clock: SlaClock, targets: tuple[SlaTarget, ...], at: datetime) -> SlaClock:
    timers = tuple(
        timer.model_copy(update={"met_at": at})
        if timer.target in targets and timer.met_at is None
        else timer
        for timer in clock.timers
    )
    return clock.model_copy(update={"timers": timers})


def _replace_timer(clock: SlaClock, target: SlaTarget, **changes: datetime | None) -> SlaClock:
    timers = tuple(
        timer.model_copy(update=changes) if timer.target == target else timer
        for timer in clock.timers
    )
    return clock.model_copy(update={"timers": timers})


def _start_next_response_round(clock: SlaClock, policy: SlaPolicy) -> SlaClock:
    first, current = clock.timer("first_response"), clock.timer("next_response")
    if first is None or first.met_at is None or (current is not None and current.met_at is None):
        return clock  # waiting for the first response, or the oldest unanswered reply counts
    allowed = policy.targets_for(clock.priority, clock.category).next_response
    new_round = TargetTimer(
        target="next_response", round=current.round + 1 if current else 1, allowed=allowed
    )
    others = tuple(timer for timer in clock.timers if timer.target != "next_response")
    return clock.model_copy(update={"timers": (*others, new_round)})
