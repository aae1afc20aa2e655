"""Leaders' read API: how many tickets wait in each group (open work, and nobody on it)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from helpdesk_runtime.problem_details import problem_responses
from tickets.api.auth import Deps, Leader
from tickets.api.views import JSON

router = APIRouter(prefix="/v1", tags=["agents and groups"], responses=problem_responses())
OPEN_WORK = ("new", "open", "on_hold")
"""Work an agent owes (pending waits on the customer, so it is not in the queue)."""


@router.get("/queue-sizes", summary="Open and unassigned tickets per group (leader or above)")
async def queue_sizes(deps: Deps, _: Leader) -> JSON:
    """One row per group (`group_id` null: tickets in no group): `open` tickets (new, open or
    on hold) and how many of them are `unassigned`. The match runs on the status index; the
    cost follows the open tickets, not every ticket ever stored."""
    pipeline: list[dict[str, Any]] = [
        {"$match": {"status": {"$in": list(OPEN_WORK)}}},
        {
            "$group": {
                "_id": "$group_id",
                "open": {"$sum": 1},
                "unassigned": {"$sum": {"$cond": [{"$ifNull": ["$assignee_id", False]}, 0, 1]}},
            }
        },
    ]
    cursor = await deps.tickets.collection.aggregate(pipeline)
    rows = [
        {"group_id": row["_id"], "open": row["open"], "unassigned": row["unassigned"]}
        async for row in cursor
    ]
    rows.sort(key=lambda row: (row["group_id"] is None, row["group_id"] or ""))
    return {"items": rows, "next_cursor": None}
