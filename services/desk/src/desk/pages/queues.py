"""The views page (`/desk/`): the tickets of one view, with the agent API's filters and search;
the SLA views list sla's at-risk and breached clocks, each with its ticket's subject."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from desk.adapters.service_apis import JSON, ApiProblem, ServiceApis
from desk.domain import PRIORITIES, SLA_VIEWS, STATUSES, View, view_query
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
    token, language = analyst.staff_token, visit.language
    if view in SLA_VIEWS:
        page = await desk.apis.sla_clocks(view.value, cursor=cursor, token=token, language=language)
        clocks = await _with_subjects(desk.apis, page["items"], token)
        tickets: list[JSON] = []
    else:
        query = view_query(
            view,
            agent_id=analyst.agent_id,
            group_ids=analyst.group_ids,
            status=status,
            priority=priority,
            search=q,
        )
        params = {**query, "limit": 50, "cursor": cursor}
        page = await desk.apis.tickets(
            "GET", "/v1/tickets", token=token, language=language, params=params
        )
        tickets, clocks = page["items"], []
    return render(
        request,
        visit,
        "views.html",
        view=view.value,
        views=[v.value for v in View],
        sla_view=view in SLA_VIEWS,
        tickets=tickets,
        clocks=clocks,
        next_cursor=page.get("next_cursor"),
        filters={"status": status or "", "priority": priority or "", "q": q or ""},
        statuses=STATUSES,
        priorities=PRIORITIES,
        no_groups=view is View.UNASSIGNED and not analyst.group_ids,
    )


async def _with_subjects(apis: ServiceApis, clocks: list[JSON], token: str) -> list[JSON]:
    """Each clock with its ticket's subject (one read per line, in parallel; a page is 50)."""

    async def subject(number: int) -> str:
        try:
            ticket = await apis.tickets("GET", f"/v1/tickets/{number}", token=token)
        except ApiProblem:
            return ""
        return str(ticket.get("subject", ""))

    subjects = await asyncio.gather(*(subject(clock["ticket_number"]) for clock in clocks))
    return [{**clock, "subject": s} for clock, s in zip(clocks, subjects, strict=True)]
