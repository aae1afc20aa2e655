"""The leader view (`/desk/leader`, leader and above): queues per group, the day's breaches and
escalations with the people each told, CSAT of 7 and 30 days, the team's availability."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, Request, Response

from desk.adapters.service_apis import ApiProblem, ServiceUnreachable
from desk.adapters.team_log import TeamLog
from desk.leader_data import period_starts, queue_rows, start_of_day
from desk.pages.render import LEADING_ROLES, render
from desk.session import DESK, Analyst, Desk, Visitor
from desk.texts import texts

router = APIRouter(prefix=DESK, include_in_schema=False)


@router.get("/leader")
async def leader_page(request: Request, visit: Visitor, desk: Desk, analyst: Analyst) -> Response:
    t = texts(visit.language)
    if analyst.role not in LEADING_ROLES:
        return render(
            request, visit, "message.html", status=403, heading=t["leader_view"],
            message=t["leader_only"], kind="alert",
        )  # fmt: skip
    token, language = analyst.staff_token, visit.language
    sizes = await desk.apis.tickets("GET", "/v1/queue-sizes", token=token, language=language)
    groups = await desk.apis.tickets("GET", "/v1/groups", token=token, language=language)
    agents = await desk.apis.tickets("GET", "/v1/agents", token=token, language=language)
    try:
        chat = await desk.apis.chat("/v1/agent/overview", token=token, language=language)
    except (ApiProblem, ServiceUnreachable):
        chat = None  # chat down: the rest of the view still helps
    log: TeamLog = request.app.state.team_log
    now = datetime.now(UTC)
    presence = {a["id"]: a["status"] for a in (chat or {}).get("agents", [])}
    return render(
        request,
        visit,
        "leader.html",
        queues=queue_rows(
            groups["items"], sizes["items"], (chat or {}).get("waiting", []), no_group=t["no_group"]
        ),
        chat_known=chat is not None,
        alerts=await log.alerts_since(start_of_day(now, desk.settings.time_zone)),
        csat=[(name, await log.ratings_since(since)) for name, since in period_starts(now)],
        team=[
            {**agent, "presence": presence.get(agent["id"], "offline")}
            for agent in agents["items"]
            if agent.get("active", True)
        ],
        zone=desk.settings.time_zone,
    )
