"""What the leader view reads that no service lists: the breaches and escalations of the day
(with the people each told) and the ratings, kept from the events as they pass
(`team_events` collection, one document per event, `_id` = event id so a redelivery is stored
once). Every read is a range on the (kind, occurred_at) index."""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import Any

from pymongo import DESCENDING
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.database import Document

ALERTS = ("breach", "escalation")
ALERTS_SHOWN = 200


class TeamLog:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database["team_events"]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("kind", 1), ("occurred_at", DESCENDING)])

    async def record(self, event_id: str, kind: str, occurred_at: datetime, **fields: Any) -> None:
        with contextlib.suppress(DuplicateKeyError):  # the same event again: already kept
            await self.collection.insert_one(
                {"_id": event_id, "kind": kind, "occurred_at": occurred_at, **fields}
            )

    async def alerts_since(self, since: datetime) -> list[Document]:
        """Breaches and escalations from `since` on, newest first."""
        query = {"kind": {"$in": list(ALERTS)}, "occurred_at": {"$gte": since}}
        cursor = self.collection.find(query).sort("occurred_at", DESCENDING).limit(ALERTS_SHOWN)
        return [document async for document in cursor]

    async def ratings_since(self, since: datetime) -> dict[str, tuple[float, int]]:
        """Average and count of the ratings from `since` on, per source (chat, ticket)."""
        pipeline: list[Document] = [
            {"$match": {"kind": "rating", "occurred_at": {"$gte": since}}},
            {"$group": {"_id": "$source", "average": {"$avg": "$rating"}, "count": {"$sum": 1}}},
        ]
        cursor = await self.collection.aggregate(pipeline)
        return {row["_id"]: (float(row["average"]), int(row["count"])) async for row in cursor}
