"""The workspace's views (Zammad's overviews, Zendesk's views) as filters of tickets' agent API.

Pure: which query parameters of `GET /v1/tickets` a view and the analyst's own filters become.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

OPEN_WORK = ("new", "open", "on_hold")
STATUSES = ("new", "open", "pending", "on_hold", "resolved", "closed", "merged")
PRIORITIES = ("P0", "P1", "P2", "P3")


class View(StrEnum):
    MINE = "mine"
    UNASSIGNED = "unassigned"
    PENDING = "pending"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    ALL = "all"


SLA_VIEWS = frozenset({View.AT_RISK, View.BREACHED})
"""Views listed by sla (`GET /v1/clocks?state=`), not by the tickets API."""


def view_query(
    view: View,
    *,
    agent_id: str,
    group_ids: tuple[str, ...],
    status: str | None,
    priority: str | None,
    search: str | None,
) -> dict[str, Any]:
    """The list API's parameters: the view's own, narrowed by the analyst's filters (a status
    chosen in the form replaces the view's default statuses)."""
    query: dict[str, Any] = {}
    if view is View.MINE:
        query |= {"assignee": agent_id, "status": list(OPEN_WORK)}
    elif view is View.UNASSIGNED:
        query |= {"unassigned": "true", "status": list(OPEN_WORK)}
        if group_ids:
            query["group"] = list(group_ids)
    elif view is View.PENDING:
        query |= {"assignee": agent_id, "status": ["pending"]}
    if status in STATUSES:
        query["status"] = [status]
    if priority in PRIORITIES:
        query["priority"] = priority
    if search:
        query["q"] = search[:200]
    return query
