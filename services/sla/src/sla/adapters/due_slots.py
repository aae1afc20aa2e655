"""Clocks filed by the minute of their next deadline, so that detection asks by equality only.

Every clock document carries `due_slot`, the UTC minute of its next deadline as text
("2026-03-02T14:07", indexed; None without a deadline). A deadline already past when the clock
is stored is filed under that minute instead, where the sweep still looks. Reading one minute is
one equality query on an indexed field: an index lookup on MongoDB, and on FerretDB too, which
answers equality from an index but reads every document for a range or a sort.

The sweep mark (`clock_sweep/due_slots`) holds `open_from`: every minute before it was read
after it ended and held no due clock. It only moves forward (`$max`), whoever moves it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document

MINUTE = timedelta(minutes=1)
SLOT_FORMAT = "%Y-%m-%dT%H:%M"
SWEEP_MARK = "due_slots"


def minute_of(moment: datetime) -> datetime:
    """The UTC minute `moment` falls in."""
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


def slot_key(moment: datetime) -> str:
    return minute_of(moment).strftime(SLOT_FORMAT)


def filed_slot(deadline: datetime | None, now: datetime) -> str | None:
    """Where a clock with `deadline` is filed when stored at `now` (a past deadline: now)."""
    return None if deadline is None else slot_key(max(deadline, now))


@dataclass(frozen=True)
class SlotEntry:
    """What the sweep needs to know of a clock filed in a slot."""

    number: int
    next_deadline: datetime
    lease_until: datetime


class DueSlots:
    """The `due_slot` index of the `clocks` collection and the sweep mark."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._clocks: AsyncCollection[Document] = database["clocks"]
        self._marks: AsyncCollection[Document] = database["clock_sweep"]

    async def entries(self, minute: datetime) -> list[SlotEntry]:
        """The clocks filed under `minute`."""
        fields = {"next_deadline": 1, "lease_until": 1}
        cursor = self._clocks.find({"due_slot": slot_key(minute)}, fields)
        return [
            SlotEntry(document["_id"], document["next_deadline"], document["lease_until"])
            async for document in cursor
            if document.get("next_deadline") is not None
        ]

    async def open_from(self) -> datetime | None:
        document = await self._marks.find_one({"_id": SWEEP_MARK})
        return document["open_from"] if document else None

    async def close_before(self, minute: datetime) -> None:
        """Record that no minute before `minute` holds a due clock (never moves back)."""
        mark = {"$max": {"open_from": minute_of(minute)}}
        await self._marks.update_one({"_id": SWEEP_MARK}, mark, upsert=True)

    async def start(self, *, from_minute: datetime, now: datetime) -> None:
        """Place the sweep mark on a database that has none, filing the clocks stored before
        deadlines were filed by minute (a one-time read of the collection, at the first start)."""
        await self._clocks.create_index([("due_slot", ASCENDING)])
        if await self.open_from() is not None:
            return
        unfiled = self._clocks.find({"due_slot": {"$exists": False}}, {"next_deadline": 1})
        async for document in unfiled:
            slot = filed_slot(document.get("next_deadline"), now)
            query = {"_id": document["_id"], "due_slot": {"$exists": False}}
            await self._clocks.update_one(query, {"$set": {"due_slot": slot}})
        first = {"$setOnInsert": {"open_from": minute_of(from_minute)}}
        await self._marks.update_one({"_id": SWEEP_MARK}, first, upsert=True)
