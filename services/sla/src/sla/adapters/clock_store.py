"""One document per ticket: its SLA clock, next deadline, lease, version and pending events.

A change to a clock and the sla.* events it causes are one single-document update (the events
wait in the document's outbox until the relay publishes them). Every update names the version it
read, so a change computed from a stale read never lands: the writer reads again instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.database import Document, due_by
from helpdesk_runtime.outbox import outbox_fields, outbox_push
from sla.adapters.clock_lists import ClockState, ListPosition, clocks_in_state, ensure_list_indexes
from sla.domain.clock import DONE_STATUSES, SlaClock
from sla.domain.clock_risk import risk_moments
from sla.domain.policy import SlaPolicy

FREE = datetime(1970, 1, 1, tzinfo=UTC)
"""`lease_until` of a clock nobody is handling (a date, so that `$lte now` matches it)."""
RECENT_EVENTS = 50
"""How many applied ticket event ids a clock remembers, to skip a redelivered one."""


@dataclass(frozen=True)
class StoredClock:
    """A clock as read, with what the next update must check and carry over."""

    clock: SlaClock
    version: int
    config_version: int
    ticket_version: int
    assignee: Document | None
    group: str | None
    """The ticket's group (whose leader, coordinator and manager escalations tell); None on
    clocks stored before groups were kept, until the ticket's next event."""
    correlation_id: str | None
    applied: tuple[str, ...]

    @classmethod
    def from_document(cls, document: Document) -> StoredClock:
        return cls(
            clock=SlaClock.model_validate(document["clock"]),
            version=document["version"],
            config_version=document.get("config_version", 0),
            ticket_version=document.get("ticket_version", 0),
            assignee=document.get("assignee"),
            group=document.get("group"),
            correlation_id=document.get("correlation_id"),
            applied=tuple(document.get("applied", ())),
        )


def clock_fields(clock: SlaClock, now: datetime, policy: SlaPolicy) -> Document:
    """The stored form of `clock` at `now` (the time of the write), with its next deadline and
    the instants the at-risk and breached lists range over (`clock_lists.py`)."""
    moments = risk_moments(clock, now, policy)
    return {
        "clock": clock.model_dump(mode="json"),
        "next_deadline": clock.next_deadline(now),
        "open": clock.status not in DONE_STATUSES,
        "at_risk_from": moments.at_risk_from,
        "running_due": moments.running_due,
    }


class ClockStore:
    """The `clocks` collection."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection: AsyncCollection[Document] = database["clocks"]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("open", ASCENDING), ("config_version", ASCENDING)])
        await self.collection.create_index([("next_deadline", ASCENDING)])
        await ensure_list_indexes(self.collection)

    async def due(self, now: datetime, *, limit: int) -> list[int]:
        """Up to `limit` clocks due at `now` that nobody holds, earliest deadline first.

        A range on the indexed deadline: its cost follows the due clocks, not the open ones
        (a clock without a deadline stores null, which no date range matches). Bounded below:
        every closed clock keeps a null deadline, and the local server walks all of them for a
        range open below (1.3 s a pass at 20 000 closed clocks, against 2 ms).
        """
        free_and_due = {"next_deadline": due_by(now), "lease_until": {"$lte": now}}
        cursor = self.collection.find(free_and_due, {"_id": 1}).sort("next_deadline", ASCENDING)
        return [document["_id"] async for document in cursor.limit(limit)]

    async def any_due(self, now: datetime) -> bool:
        """Whether a clock is due at `now`, held or not (held: another replica tells it)."""
        return (
            await self.collection.find_one({"next_deadline": due_by(now)}, {"_id": 1}) is not None
        )

    async def next_deadline_within(self, now: datetime, ahead: timedelta) -> datetime | None:
        """The earliest deadline after `now` and no later than `ahead` from it, if any.

        Bounded: the local server reads every document of a range before applying the limit.
        """
        soon = {"next_deadline": {"$gt": now, "$lte": now + ahead}}
        cursor = self.collection.find(soon, {"next_deadline": 1}).sort("next_deadline", ASCENDING)
        async for document in cursor.limit(1):
            deadline: datetime = document["next_deadline"]
            return deadline
        return None

    async def in_state(
        self, state: ClockState, *, now: datetime, limit: int, after: ListPosition | None
    ) -> list[tuple[StoredClock, datetime]]:
        """Up to `limit` clocks at risk or breached at `now`, each with its running due time."""
        found = await clocks_in_state(self.collection, state, now=now, limit=limit, after=after)
        return [(StoredClock.from_document(d), d["running_due"]) for d in found]

    async def get(self, number: int) -> StoredClock | None:
        document = await self.collection.find_one({"_id": number}, {"outbox": 0})
        return StoredClock.from_document(document) if document else None

    async def insert(self, number: int, fields: Document, events: Sequence[Envelope[Any]]) -> bool:
        """Store a new clock with its first events; False when the ticket already has one."""
        document = {**fields, "_id": number, "version": 1, "lease_owner": None, "lease_until": FREE}
        document.update(outbox_fields(events))
        try:
            await self.collection.insert_one(document)
        except DuplicateKeyError:
            return False
        return True

    async def replace(
        self, number: int, version: int, fields: Document, events: Sequence[Envelope[Any]]
    ) -> bool:
        """Store a new state computed from `version`; False when someone changed it since."""
        update: Document = {"$set": fields, "$inc": {"version": 1}}
        if events:
            update.update(outbox_push(events))
        result = await self.collection.update_one({"_id": number, "version": version}, update)
        return result.matched_count == 1

    async def claim(
        self, number: int, *, now: datetime, owner: str, until: datetime
    ) -> StoredClock | None:
        """Take the lease of a due clock atomically; None when it is not due or not free.

        A conditional update, then a read of the clock by the lease it now holds: as atomic as
        findAndModify on MongoDB, and the local server's findAndModify reads every document.
        """
        due = {"_id": number, "next_deadline": {"$lte": now}, "lease_until": {"$lte": now}}
        taken = await self.collection.update_one(
            due, {"$set": {"lease_owner": owner, "lease_until": until}}
        )
        if taken.modified_count == 0:
            return None
        held = {"_id": number, "lease_owner": owner, "lease_until": until}
        document = await self.collection.find_one(held, {"outbox": 0})
        return StoredClock.from_document(document) if document else None

    async def finish(
        self,
        number: int,
        *,
        version: int,
        owner: str,
        fields: Document,
        events: Sequence[Envelope[Any]],
    ) -> bool:
        """Store what the holder of the lease computed and release the lease, in one update."""
        released = {**fields, "lease_owner": None, "lease_until": FREE}
        update: Document = {"$set": released, "$inc": {"version": 1}}
        if events:
            update.update(outbox_push(events))
        query = {"_id": number, "version": version, "lease_owner": owner}
        result = await self.collection.update_one(query, update)
        return result.matched_count == 1

    async def release(self, number: int, owner: str) -> None:
        await self.collection.update_one(
            {"_id": number, "lease_owner": owner},
            {"$set": {"lease_owner": None, "lease_until": FREE}},
        )

    async def computed_before(self, config_version: int, limit: int) -> list[StoredClock]:
        """Up to `limit` open clocks computed with an older configuration than `config_version`."""
        query = {"open": True, "config_version": {"$lt": config_version}}
        cursor = self.collection.find(query, {"outbox": 0}).limit(limit)
        return [StoredClock.from_document(document) async for document in cursor]
