"""The views page (`/desk/`): the tickets of one view, with the agent API's filters and search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from desk.domain import PRIORITIES, STATUSES, View, view_query
from desk.pages.render import render
from desk.session import DESK, Analyst, Desk, Visitor

router = APIRouter(prefix=DESK, include_in_schema=False)
Short = Annotated[str | None, Query(max_length=200)]


@router.get("/")
async def views_page(
    request: Request,
    visit: Visitor,
    desk: Desk,
    analyst: Analyst,
    view: View = View.MINE,
    status: Short = None,
    priority: Short = None,
    q: Short = None,
    cursor: Short = None,
) -> Response:
    query = view_query(
        view,
        agent_id=analyst.agent_id,
        group_ids=analyst.group_ids,
        status=status,
        priority=priority,
        search=q,
    )
    page = await desk.apis.tickets(
        "GET",
        "/v1/tickets",
        token=analyst.staff_token,
        language=visit.language,
        params={**query, "limit": 50, "cursor": cursor},
    )
    return render(
        request,
        visit,
        "views.html",
        view=view.value,
        views=[v.value for v in View],
        tickets=page["items"],
        next_cursor=page.get("next_cursor"),
        filters={"status": status or "", "priority": priority or "", "q": q or ""},
        statuses=STATUSES,
        priorities=PRIORITIES,
        no_groups=view is View.UNASSIGNED and not analyst.group_ids,
    )
