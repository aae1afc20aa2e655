"""`POST /desk/availability` (the header's form): the analyst is available for new work or
away. It is tickets' availability (new assignments); the chat desk page sets the analyst's chat
presence from it (online or away) when it connects."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from desk.session import DESK, Analyst, Desk, Visitor, check_form

router = APIRouter(prefix=DESK, include_in_schema=False)


@router.post("/availability")
async def set_availability(
    request: Request,
    visit: Visitor,
    desk: Desk,
    analyst: Analyst,
    available: Annotated[bool, Form()],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    check_form(visit, csrf_token)
    await desk.apis.tickets(
        "PUT",
        f"/v1/agents/{analyst.agent_id}/availability",
        token=analyst.staff_token,
        language=visit.language,
        body={"available": available},
    )
    assert visit.session_id is not None  # signed in
    await desk.sessions.set_available(visit.session_id, available)
    back = urlsplit(request.headers.get("referer") or "")
    same_page = back.path.startswith(f"{DESK}/") and back.netloc == request.headers.get("host")
    target = back.path + (f"?{back.query}" if back.query else "") if same_page else f"{DESK}/"
    return RedirectResponse(target, status_code=303)
