"""Signing in and out: the analyst asks for a link by e-mail (tickets sends it through notify),
opens it, presses «Entrar»; the workspace trades the code for a staff token and keeps the token
in its own session store, giving the browser only a session cookie."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import RedirectResponse

from desk.adapters.service_apis import ApiProblem
from desk.pages.render import render
from desk.session import DESK, Desk, Visitor, check_form, end_session, start_session
from desk.texts import texts

router = APIRouter(prefix=DESK, include_in_schema=False)
Email = Annotated[str, Form(min_length=3, max_length=254)]
Code = Annotated[str, Form(min_length=1, max_length=200)]
CsrfToken = Annotated[str, Form(max_length=100)]


@router.get("/sign-in")
async def sign_in_form(request: Request, visit: Visitor) -> Response:
    return render(request, visit, "sign_in.html")


@router.post("/sign-in")
async def ask_link(request: Request, visit: Visitor, desk: Desk, email: Email) -> Response:
    """The same answer whether or not the address is a staff member's (tickets answers 202)."""
    check_form(visit, "")
    await desk.apis.tickets(
        "POST", "/v1/staff/sign-in", language=visit.language, body={"email": email}
    )
    t = texts(visit.language)
    return render(
        request,
        visit,
        "message.html",
        heading=t["link_sent"],
        message=t["link_sent_detail"],
    )


@router.get("/sign-in/enter")
async def enter_form(request: Request, visit: Visitor, code: str = "") -> Response:
    return render(request, visit, "enter.html", code=code[:200])


@router.post("/sign-in/enter")
async def enter(request: Request, visit: Visitor, desk: Desk, code: Code) -> Response:
    check_form(visit, "")
    try:
        answer = await desk.apis.tickets(
            "POST", "/v1/staff/sessions", language=visit.language, body={"code": code}
        )
    except ApiProblem as problem:
        if problem.status not in (401, 422):
            raise
        t = texts(visit.language)
        link = f"{DESK}/sign-in" + ("?lang=en" if visit.language == "en" else "")
        return render(
            request,
            visit,
            "message.html",
            status=401,
            heading=t["sign_in"],
            message=t["link_invalid"],
            kind="alert",
            link=link,
            link_text=t["ask_new_link"],
        )
    token = str(answer["token"])
    agent = await desk.apis.tickets("GET", "/v1/staff/me", token=token, language=visit.language)
    max_age = timedelta(seconds=desk.settings.session_max_age_s)
    session_id = await desk.sessions.open(agent=agent, staff_token=token, max_age=max_age)
    response = RedirectResponse(f"{DESK}/", status_code=303)
    start_session(response, desk.settings, session_id)
    return response


@router.post("/sign-out")
async def sign_out(visit: Visitor, desk: Desk, csrf_token: CsrfToken = "") -> Response:
    """Ends the session here and its staff token in every service."""
    check_form(visit, csrf_token)
    if visit.analyst is not None and visit.session_id is not None:
        token = visit.analyst.staff_token
        await desk.sessions.close(visit.session_id)
        await desk.apis.tickets("DELETE", "/v1/staff/sessions/current", token=token)
    response = RedirectResponse(f"{DESK}/sign-in", status_code=303)
    end_session(response, desk.settings)
    return response
