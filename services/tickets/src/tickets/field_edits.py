"""An agent changing a ticket's fields in one request: status, priority, group, assignee, tags,
related tickets, category and subcategory (`PATCH /v1/tickets/{number}`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tickets.adapters.records import TicketRecord
from tickets.agent_actions import Change, apply_change
from tickets.contract_events import Cause
from tickets.domain.agents import Group, pick_next_assignee
from tickets.domain.events import Outcome
from tickets.domain.model import SYSTEM, Actor, Priority, Ticket
from tickets.domain.priority_rules import PriorityRules
from tickets.domain.reclassification import Reclassification, reclassify
from tickets.domain.status import TicketStatus
from tickets.domain.triage import assign, change_group, change_priority, set_related, set_tags
from tickets.domain.workflow import change_status
from tickets.service import Dependencies


@dataclass(frozen=True)
class FieldEdits:
    """Fields an agent changes in one request; None leaves a field as it is."""

    status: TicketStatus | None = None
    priority: Priority | None = None
    group_id: str | None = None
    assignee_id: str | None = None
    unassign: bool = False
    tags: tuple[str, ...] | None = None
    related: tuple[int, ...] | None = None
    reclassification: Reclassification | None = None


def chain(outcome: Outcome, change: Change) -> Outcome:
    following = change(outcome.ticket)
    return Outcome(ticket=following.ticket, events=(*outcome.events, *following.events))


def _field_changes(
    edits: FieldEdits, *, actor: Actor, now: datetime, members: set[str], rules: PriorityRules
) -> list[Change]:
    changes: list[Change] = []
    if (status := edits.status) is not None:
        changes.append(lambda t: change_status(t, to=status, actor=actor, now=now))
    if (request := edits.reclassification) is not None:
        # A priority sent with the new category is the agent's choice: the rules stay out.
        keep = edits.priority is not None
        changes.append(
            lambda t: reclassify(t, request, rules=rules, keep_priority=keep, actor=actor, now=now)
        )
    if (priority := edits.priority) is not None:
        changes.append(lambda t: change_priority(t, priority=priority, actor=actor, now=now))
    if (group_id := edits.group_id) is not None:
        changes.append(
            lambda t: change_group(
                t, group_id=group_id, actor=actor, now=now, keep_assignee=t.assignee_id in members
            )
        )
    if edits.assignee_id is not None or edits.unassign:
        assignee = edits.assignee_id
        changes.append(lambda t: assign(t, assignee_id=assignee, actor=actor, now=now))
    if (tags := edits.tags) is not None:
        changes.append(lambda t: set_tags(t, tags=tags, actor=actor, now=now))
    if (related := edits.related) is not None:
        changes.append(lambda t: set_related(t, related=related, actor=actor, now=now))
    return changes


async def edit_fields(
    deps: Dependencies,
    number: int,
    edits: FieldEdits,
    *,
    actor: Actor,
    version: int | None,
    cause: Cause,
) -> TicketRecord:
    """All edits in one stored change; moved into a round-robin group without an assignee, the
    ticket goes to the group's next available agent in the same change."""
    now = datetime.now(UTC)
    group = await deps.staff.group(edits.group_id) if edits.group_id else None
    agents = await deps.staff.agents(group_id=group.id) if group else []
    changes = _field_changes(
        edits,
        actor=actor,
        now=now,
        members={a.id for a in agents},
        rules=deps.settings.rules,
    )
    picked: list[Group] = []

    def change(ticket: Ticket) -> Outcome:
        outcome = Outcome(ticket=ticket)
        for step in changes:
            outcome = chain(outcome, step)
        unassigned = group and outcome.ticket.assignee_id is None and not edits.unassign
        if unassigned and group and (pick := pick_next_assignee(group, agents)):
            picked.append(pick.group)
            outcome = chain(
                outcome, lambda t: assign(t, assignee_id=pick.agent_id, actor=SYSTEM, now=now)
            )
        return outcome

    record = await apply_change(deps, number, change, version=version, cause=cause)
    for moved in picked:
        await deps.staff.move_pointer(moved)
    return record
