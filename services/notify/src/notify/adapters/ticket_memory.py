"""What notify remembers per ticket: its subject, its mail thread and its SLA deadlines.

sla.* events name only the ticket number, and the mail thread grows with every message we send,
so notify keeps this small document per ticket (keyed by the protocol number).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_runtime.database import Document


@dataclass(frozen=True)
class TicketFacts:
    """What we know about a ticket; empty values when notify never saw it."""

    subject: str = ""
    message_ids: tuple[str, ...] = ()
    deadlines: dict[str, datetime] = field(default_factory=dict)


class TicketMemory:
    """Per-ticket facts in MongoDB; every write is an idempotent upsert."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def remember_ticket(
        self, number: str, *, subject: str, message_ids: Iterable[str]
    ) -> None:
        """The ticket's current subject and the Message-IDs its snapshot lists."""
        update: Document = {"$set": {"subject": subject}}
        ids = [mid for mid in message_ids if mid]
        if ids:
            update["$addToSet"] = {"message_ids": {"$each": ids}}
        await self.collection.update_one({"_id": number}, update, upsert=True)

    async def add_message_id(self, number: str, message_id: str) -> None:
        """A message now part of the ticket's mail thread (ours or the customer's), in order."""
        await self.collection.update_one(
            {"_id": number}, {"$addToSet": {"message_ids": message_id}}, upsert=True
        )

    async def remember_deadline(self, number: str, target: str, due_at: datetime | None) -> None:
        """The SLA deadline of one target (escalations do not repeat it)."""
        if due_at is None:
            return
        await self.collection.update_one(
            {"_id": number}, {"$set": {f"deadlines.{target}": due_at}}, upsert=True
        )

    async def facts(self, number: str) -> TicketFacts:
        document = await self.collection.find_one({"_id": number})
        if document is None:
            return TicketFacts()
        return TicketFacts(
            subject=document.get("subject", ""),
            message_ids=tuple(document.get("message_ids", ())),
            deadlines=dict(document.get("deadlines", {})),
        )
