"""A small read model of tickets (number, requester email, status) fed by ticket.* events.

Chat never calls the tickets service: it answers status questions from what the events said.
Each event carries the ticket's version, so an older event arriving late changes nothing.
"""

from __future__ import annotations

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from chat.domain.action_results import TicketFound, TicketNotFound, TicketStatus
from helpdesk_contracts.common import TicketSnapshot
from helpdesk_runtime.database import Document

CUSTOMER_STATUS: dict[str, TicketStatus] = {
    "new": TicketStatus.WAITING,
    "open": TicketStatus.IN_PROGRESS,
    "pending": TicketStatus.AWAITING_YOUR_REPLY,
    "on_hold": TicketStatus.IN_PROGRESS,
    "resolved": TicketStatus.RESOLVED,
    "closed": TicketStatus.RESOLVED,
    "merged": TicketStatus.IN_PROGRESS,
}
"""The tickets service's customer view: on hold shows as in progress, closed as resolved."""


class TicketDirectory:
    """Latest known number, requester email and status of every ticket."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = database["ticket_directory"]

    async def record(self, ticket: TicketSnapshot) -> None:
        """Keep the snapshot unless a newer version is already stored."""
        email = (ticket.requester.email or "").casefold()
        fields = {"requester_email": email, "status": ticket.status, "version": ticket.version}
        try:
            await self.collection.update_one(
                {"_id": ticket.number, "version": {"$lt": ticket.version}},
                {"$set": fields},
                upsert=True,
            )
        except DuplicateKeyError:
            return  # a newer (or the same) version is stored already

    async def find(self, number: str) -> TicketFound | TicketNotFound:
        """The ticket with this protocol number, as the assistant expects it."""
        if not number.isdigit() or len(number) > 18:
            return TicketNotFound(number=number)
        found = await self.collection.find_one({"_id": int(number)})
        if found is None:
            return TicketNotFound(number=number)
        return TicketFound(
            number=number,
            status=CUSTOMER_STATUS[found["status"]],
            requester_email=found["requester_email"],
        )
