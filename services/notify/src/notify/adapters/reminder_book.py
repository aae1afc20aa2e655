"""Pending reminders in MongoDB: one document per ticket (``_id`` = its protocol number).

Every change is one conditional single-document update. The ticket's snapshot version orders
them: an older event (redelivered, or overtaken by a later one) never undoes a newer one. Due
reminders come from the (state, due_at) index; everything else goes by the string ``_id``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.database import Document
from notify.domain.notifications import NotificationRequest

WAITING = "waiting"
SENT = "sent"
CANCELLED = "cancelled"
CANDIDATES = 8
"""Due reminders read per query when claiming one (others may be taken meanwhile)."""


@dataclass(frozen=True)
class DueReminder:
    """A claimed reminder: what to send, and the lease that must still be ours to mark it sent."""

    ticket_number: str
    request: NotificationRequest
    reply_token: str | None
    correlation_id: str
    lease_until: datetime


class ReminderBook:
    """Records, cancels, claims and closes pending reminders."""

    def __init__(self, collection: AsyncCollection[Document]) -> None:
        self.collection = collection

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("state", ASCENDING), ("due_at", ASCENDING)])

    async def start(
        self,
        request: NotificationRequest,
        *,
        version: int,
        due_at: datetime,
        reply_token: str | None,
        correlation_id: str,
    ) -> bool:
        """Wait for the customer from this version on; False when a newer version is stored."""
        if request.ticket_number is None:
            raise ValueError("a pending reminder is about a ticket")
        fields: Document = {
            "state": WAITING,
            "version": version,
            "due_at": due_at,
            "request": request.model_dump(mode="json"),
            "reply_token": reply_token,
            "correlation_id": correlation_id,
        }
        return await self._move(request.ticket_number, {"$lt": version}, fields)

    async def cancel(self, ticket_number: str, *, version: int, upsert: bool = True) -> bool:
        """Stop waiting (answered, or no longer pending); idempotent, never undoes a newer start.

        Upserted, so a cancel overtaking its ticket's older pending event still wins over it.
        """
        fields: Document = {"state": CANCELLED, "version": version}
        return await self._move(ticket_number, {"$lte": version}, fields, upsert=upsert)

    async def _move(
        self, ticket_number: str, older: Document, fields: Document, *, upsert: bool = True
    ) -> bool:
        try:
            result = await self.collection.update_one(
                {"_id": ticket_number, "version": older},
                {"$set": fields, "$unset": {"lease_until": ""}},
                upsert=upsert,
            )
        except DuplicateKeyError:  # the stored version is newer: this event is stale
            return False
        return result.modified_count == 1 or result.upserted_id is not None

    async def earliest_due(self, *, now: datetime, within: timedelta) -> datetime | None:
        """When the next waiting reminder nobody holds is due, if it is due by ``now + within``.

        Bounded: the local server reads a whole range before applying the limit.
        """
        query = {"state": WAITING, "due_at": {"$lte": now + within}, "lease_until": _free(now)}
        cursor = self.collection.find(query, {"due_at": 1})
        cursor = cursor.sort("due_at", ASCENDING).limit(1)
        async for document in cursor:
            due: datetime = document["due_at"]
            return due
        return None

    async def claim_due(self, *, now: datetime, lease: timedelta) -> DueReminder | None:
        """Take the earliest due reminder nobody holds, for ``lease``.

        The earliest candidates come from the (state, due_at) index; each is taken with a
        conditional update by ``_id`` and then read back by the lease it holds. Atomic like
        findAndModify on MongoDB, whose sorted form reads the whole collection on the local server.
        A candidate another replica took first is no longer free, so the next query skips it.
        """
        lease_until = now + lease
        due = {"state": WAITING, "due_at": {"$lte": now}, "lease_until": _free(now)}
        while candidates := await self._earliest(due):
            for number in candidates:
                taken = await self.collection.update_one(
                    {**due, "_id": number}, {"$set": {"lease_until": lease_until}}
                )
                held = {"_id": number, "state": WAITING, "lease_until": lease_until}
                document = await self.collection.find_one(held) if taken.modified_count else None
                if document is not None:
                    return DueReminder(
                        ticket_number=document["_id"],
                        request=NotificationRequest.model_validate(document["request"]),
                        reply_token=document.get("reply_token"),
                        correlation_id=document.get("correlation_id") or "",
                        lease_until=lease_until,
                    )
        return None

    async def _earliest(self, due: Document) -> list[str]:
        cursor = self.collection.find(due, {"_id": 1}).sort("due_at", ASCENDING).limit(CANDIDATES)
        return [document["_id"] async for document in cursor]

    async def mark_sent(self, reminder: DueReminder) -> bool:
        """Close the reminder if it is still the one we claimed (not cancelled nor restarted)."""
        result = await self.collection.update_one(
            {
                "_id": reminder.ticket_number,
                "state": WAITING,
                "lease_until": reminder.lease_until,
            },
            {"$set": {"state": SENT}, "$unset": {"lease_until": ""}},
        )
        return result.modified_count == 1


def _free(now: datetime) -> Document:
    """No lease or an expired one; not an `$or`, which the local server answers by reading the
    whole collection."""
    return {"$not": {"$gte": now}}
