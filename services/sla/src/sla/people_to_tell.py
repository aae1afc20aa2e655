"""The people a warning, breach or escalation step tells, from the roles it names.

Role `agent` is the ticket's assignee. Leader, coordinator and manager are the active staff with
that role in the ticket's group, or, when the group has none (or the ticket no group), with that
role in any group: a step is never told to nobody silently. When nobody at all has the role the
step is logged and its event still names the role (`notify_roles`).

The directory is read once per role and detection pass (`StaffByRole`), inside the claim of each
clock: the people are part of the single update that stores the step as told.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

import structlog

from helpdesk_contracts.common import StaffMember
from helpdesk_contracts.events.sla import EscalationLevel
from sla.adapters.staff_roster import RosterMember

log = structlog.get_logger(__name__)


class RoleRoster(Protocol):
    async def with_role(self, role: EscalationLevel) -> list[RosterMember]: ...


class StaffByRole:
    """The roster's members of each role, read at most once (for one detection pass)."""

    def __init__(self, roster: RoleRoster) -> None:
        self._roster = roster
        self._read: dict[EscalationLevel, asyncio.Task[list[RosterMember]]] = {}

    async def with_role(self, role: EscalationLevel) -> list[RosterMember]:
        if role not in self._read:  # clocks handled at once share one read
            self._read[role] = asyncio.ensure_future(self._roster.with_role(role))
        return await asyncio.shield(self._read[role])


def of_group(members: Sequence[RosterMember], group: str | None) -> list[StaffMember]:
    """The members in `group`; all of them when the group has none."""
    in_group = [entry.member for entry in members if group is not None and group in entry.groups]
    return in_group or [entry.member for entry in members]


async def people_to_tell(
    roles: Sequence[EscalationLevel],
    *,
    assignee: StaffMember | None,
    group: str | None,
    staff: RoleRoster,
    ticket_number: int,
) -> tuple[StaffMember, ...]:
    """Everyone `roles` names for this ticket, each once, in the order of the roles."""
    people: dict[str, StaffMember] = {}
    for role in roles:
        if role == "agent":
            found = [assignee] if assignee else []
        else:
            found = of_group(await staff.with_role(role), group)
            if not found:
                log.warning("nobody holds the role to tell", ticket=ticket_number, role=role)
        for person in found:
            people.setdefault(person.id, person)
    return tuple(people.values())
