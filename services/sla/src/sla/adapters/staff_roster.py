"""Who holds a staff role, read from sla's own copy of the staff directory.

The copy is the collection `staff_directory` that `helpdesk_runtime.staff_directory` keeps from
the snapshots tickets publishes (name, email, role, groups, active; `_id` = agent id). It is only
read here, by equality on `role` (indexed): FerretDB answers equality from an index, and a role
has a handful of members.
"""

from __future__ import annotations

from dataclasses import dataclass

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_contracts.common import StaffMember
from helpdesk_contracts.events.sla import EscalationLevel
from helpdesk_runtime.database import Document
from helpdesk_runtime.staff_directory import COLLECTION


@dataclass(frozen=True)
class RosterMember:
    """An active staff member as the events name them, with the groups they belong to."""

    member: StaffMember
    groups: frozenset[str]


class StaffRoster:
    """The active members of each role, in sla's copy of the staff directory."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._members: AsyncCollection[Document] = database[COLLECTION]

    async def ensure_indexes(self) -> None:
        await self._members.create_index([("role", ASCENDING)])

    async def with_role(self, role: EscalationLevel) -> list[RosterMember]:
        """Every active member with `role`, by agent id."""
        cursor = self._members.find({"role": role}, {"tokens": 0})
        found = [_roster_member(document) async for document in cursor if document.get("active")]
        return sorted(found, key=lambda entry: entry.member.id)


def _roster_member(document: Document) -> RosterMember:
    member = StaffMember(
        id=document["_id"],
        name=document["name"],
        email=document.get("email"),
        role=document["role"],
    )
    return RosterMember(member=member, groups=frozenset(document.get("groups") or ()))
