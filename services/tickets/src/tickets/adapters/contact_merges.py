"""The writes of a contact merge, each one single-document (or idempotent) so that a merge cut
short by a crash is finished by repeating it:

1. the absorbed contact is claimed: `merged_into`, `merged_at`, `merged_by` (the audit) are set
   in one conditional update, only while it is not merged into anyone else;
2. the survivor takes the absorbed contact's identities ($addToSet: nothing is lost or doubled);
3. the identity keys are re-pointed to the survivor, so lookups find it at once;
4. (after the tickets moved) signed-in sessions are re-pointed to the survivor.
"""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document
from tickets.adapters.contact_store import contact_from
from tickets.adapters.customer_sessions import CustomerSessionStore
from tickets.domain.contacts import Contact
from tickets.domain.model import Actor

_ADDED_ONCE = ("emails", "phones", "whatsapp_ids")
_FILLED_IN = ("name", "external_id", "organization_id", "language")


class ContactMergeStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._contacts = database["contacts"]
        self._identities = database["contact_identities"]
        self._sessions = CustomerSessionStore(database)

    async def claim(
        self, absorbed_id: str, survivor_id: str, *, actor: Actor, at: datetime
    ) -> bool:
        """Mark the contact merged into `survivor_id`; False when it is merged elsewhere."""
        audit = {
            "merged_into": survivor_id,
            "merged_at": at,
            "merged_by": actor.model_dump(mode="json"),
        }
        claimed = await self._contacts.update_one(
            {"_id": absorbed_id, "merged_into": None}, {"$set": audit}
        )
        if claimed.matched_count:
            return True
        current = await self._contacts.find_one({"_id": absorbed_id}, {"merged_into": 1})
        return current is not None and current.get("merged_into") == survivor_id

    async def extend_survivor(self, survivor: Contact) -> None:
        """Store the survivor as the domain merged it, adding to what others added meanwhile."""
        add = {f: {"$each": list(getattr(survivor, f))} for f in _ADDED_ONCE}
        fill = {f: getattr(survivor, f) for f in _FILLED_IN}
        await self._contacts.update_one({"_id": survivor.id}, {"$addToSet": add, "$set": fill})

    async def repoint_identities(self, absorbed_id: str, survivor_id: str) -> None:
        await self._identities.update_many(
            {"contact_id": absorbed_id}, {"$set": {"contact_id": survivor_id}}
        )

    async def repoint_sessions(self, absorbed_id: str, survivor_id: str) -> None:
        """The absorbed contact's signed-in customers now speak for the survivor."""
        await self._sessions.repoint(absorbed_id, survivor_id)

    async def absorbed_by(self, survivor_id: str) -> list[Contact]:
        """The contacts merged into this one, each with who merged it and when."""
        cursor = self._contacts.find({"merged_into": survivor_id}).sort("merged_at", 1)
        return [contact_from(d) async for d in cursor]
