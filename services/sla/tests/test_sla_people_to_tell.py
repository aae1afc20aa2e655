"""Who an sla step tells: the assignee for the agent, the ticket group's leader, coordinator or
manager, anyone with the role when the group has none (no I/O: a roster in memory)."""

from __future__ import annotations

from dataclasses import dataclass, field

from helpdesk_contracts.common import StaffMember
from helpdesk_contracts.events.sla import EscalationLevel
from sla.adapters.staff_roster import RosterMember
from sla.people_to_tell import StaffByRole, people_to_tell

ASSIGNEE = StaffMember(id="a-1", name="Ana Atendente")
LEADER_N1 = StaffMember(id="l-1", name="Lia Líder", role="leader")
LEADER_N2 = StaffMember(id="l-2", name="Léo Líder", role="leader")
MANAGER = StaffMember(id="m-1", name="Mara Gerente", role="manager")


@dataclass
class RosterInMemory:
    members: dict[EscalationLevel, list[RosterMember]]
    reads: list[EscalationLevel] = field(default_factory=list)

    async def with_role(self, role: EscalationLevel) -> list[RosterMember]:
        self.reads.append(role)
        return self.members.get(role, [])


ROSTER: dict[EscalationLevel, list[RosterMember]] = {
    "leader": [
        RosterMember(LEADER_N1, frozenset({"n1"})),
        RosterMember(LEADER_N2, frozenset({"n2"})),
    ],
    "manager": [RosterMember(MANAGER, frozenset({"diretoria"}))],
}


async def told(
    roles: tuple[EscalationLevel, ...],
    group: str | None,
    roster: RosterInMemory | StaffByRole | None = None,
    assignee: StaffMember | None = ASSIGNEE,
) -> list[str]:
    staff = roster or RosterInMemory(dict(ROSTER))
    people = await people_to_tell(
        roles, assignee=assignee, group=group, staff=staff, ticket_number=1
    )
    return [person.id for person in people]


async def test_the_agent_step_tells_the_assignee_and_the_leader_step_the_groups_leader() -> None:
    assert await told(("agent",), "n1") == ["a-1"]
    assert await told(("agent", "leader"), "n2") == ["a-1", "l-2"]


async def test_a_role_missing_in_the_ticket_group_falls_back_to_everyone_with_it() -> None:
    assert await told(("manager",), "n1") == ["m-1"]
    assert await told(("leader",), None) == ["l-1", "l-2"]


async def test_nobody_with_the_role_tells_nobody_and_an_unassigned_agent_step_too() -> None:
    assert await told(("coordinator",), "n1") == []
    assert await told(("agent",), "n1", assignee=None) == []


async def test_a_person_named_by_two_roles_is_told_once() -> None:
    leading = StaffMember(id="l-1", name="Lia Líder", role="leader")
    assert await told(("agent", "leader"), "n1", assignee=leading) == ["l-1"]


async def test_one_pass_reads_each_role_once_whatever_the_number_of_steps() -> None:
    roster = RosterInMemory(dict(ROSTER))
    per_pass = StaffByRole(roster)
    for group in ("n1", "n2", None):
        await told(("leader", "manager"), group, per_pass)
    assert roster.reads == ["leader", "manager"]
