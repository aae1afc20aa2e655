"""The ticket page (`/desk/tickets/{number}`) and its actions: reply, internal note, fields
(status, priority, assignee, group, tags, category), take, merge. Each action posts to the
tickets API with the version the page showed; a 409 (someone changed the ticket meanwhile)
shows the fresh ticket with the analyst's text still in the form and a reload link, never
losing what they typed."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Path, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from desk.adapters.service_apis import ApiProblem
from desk.domain import PRIORITIES, STATUSES
from desk.pages.files import uploaded_ids
from desk.pages.render import render
from desk.pages.ticket_data import ticket_page_data
from desk.pages.ticket_forms import FieldsForm
from desk.session import DESK, Analyst, Desk, Visit, Visitor, check_form
from desk.texts import texts

router = APIRouter(prefix=DESK, include_in_schema=False)
Number = Annotated[int, Path(ge=1, le=2**53)]
Text = Annotated[str, Form(min_length=1, max_length=20_000)]
Field = Annotated[str, Form(max_length=100)]
Version = Annotated[int | None, Form(ge=1, le=2**53)]
Files = Annotated[list[UploadFile] | None, File()]
Ids = Annotated[list[str] | None, Form(max_length=50)]


async def _show(
    request: Request, visit: Visit, desk: Desk, analyst: Analyst, number: int, **extra: Any
) -> Response:
    try:
        data = await ticket_page_data(desk.apis, analyst, number, visit.language)
    except ApiProblem as problem:
        if problem.status != 404:
            raise
        t = texts(visit.language)
        back = f"{DESK}/"
        return render(
            request, visit, "message.html", status=404, heading=t["not_found"],
            message=t["not_found"], kind="alert", link=back, link_text=t["back_to_views"],
        )  # fmt: skip
    return render(
        request, visit, "ticket.html", status=extra.pop("status", 200),
        statuses=STATUSES, priorities=PRIORITIES, **data, **extra,
    )  # fmt: skip


@router.get("/tickets/{number}")
async def ticket_page(
    request: Request,
    visit: Visitor,
    desk: Desk,
    analyst: Analyst,
    number: Number,
    done: bool = False,
) -> Response:
    return await _show(request, visit, desk, analyst, number, done=done)


async def _act(
    request: Request,
    visit: Visit,
    desk: Desk,
    analyst: Analyst,
    number: int,
    call: tuple[str, str, dict[str, Any]],
    kept: dict[str, str],
    then: int | None = None,
) -> Response:
    """Do `call` (method, path, body) on tickets; back to the ticket page, or the page with the
    problem explained and the analyst's input (`kept`) still in the form; `then` is the ticket
    to show afterwards (a merge goes on to its target)."""
    method, path, body = call
    try:
        await desk.apis.tickets(
            method, path, token=analyst.staff_token, language=visit.language, body=body
        )
    except ApiProblem as problem:
        if problem.status not in (400, 403, 404, 409, 422):
            raise
        status = 409 if problem.status == 409 else 422
        conflict = problem.code == "version_conflict"
        return await _show(
            request, visit, desk, analyst, number, status=status,
            conflict=conflict, refused=problem.detail, refused_code=problem.code, kept=kept,
        )  # fmt: skip
    lang = "&lang=en" if visit.language == "en" else ""
    return RedirectResponse(f"{DESK}/tickets/{then or number}?done=true{lang}", status_code=303)


@router.post("/tickets/{number}/reply")
async def reply(
    request: Request, visit: Visitor, desk: Desk, analyst: Analyst, number: Number,
    text: Text, csrf_token: Field, status: Field = "", version: Version = None,
    files: Files = None, attachment_ids: Ids = None,
) -> Response:  # fmt: skip
    check_form(visit, csrf_token)
    kept = {"reply": text}
    try:  # uploaded before the reply; a refused reply keeps them (attachment_ids)
        ids = [*(attachment_ids or []), *await uploaded_ids(desk.apis, analyst, visit, files)]
    except ApiProblem as problem:
        if problem.status not in (413, 422):
            raise
        return await _show(
            request, visit, desk, analyst, number, status=422, refused=problem.detail, kept=kept,
        )  # fmt: skip
    body = {"text": text, "status": status or None, "version": version, "attachments": ids}
    call = ("POST", f"/v1/tickets/{number}/replies", body)
    return await _act(request, visit, desk, analyst, number, call, kept | {"files": ",".join(ids)})


@router.post("/tickets/{number}/note")
async def note(
    request: Request, visit: Visitor, desk: Desk, analyst: Analyst, number: Number,
    text: Text, csrf_token: Field,
) -> Response:  # fmt: skip
    check_form(visit, csrf_token)
    call = ("POST", f"/v1/tickets/{number}/notes", {"text": text})
    return await _act(request, visit, desk, analyst, number, call, {"note": text})


@router.post("/tickets/{number}/fields")
async def fields(
    request: Request, visit: Visitor, desk: Desk, analyst: Analyst, number: Number,
    form: Annotated[FieldsForm, Form()],
) -> Response:  # fmt: skip
    check_form(visit, form.csrf_token)
    call = ("PATCH", f"/v1/tickets/{number}", form.edit())
    return await _act(request, visit, desk, analyst, number, call, form.kept())


@router.post("/tickets/{number}/take")
async def take(
    request: Request, visit: Visitor, desk: Desk, analyst: Analyst, number: Number,
    csrf_token: Field, version: Version = None,
) -> Response:  # fmt: skip
    check_form(visit, csrf_token)
    body = {"assignee_id": analyst.agent_id, "version": version}
    call = ("PATCH", f"/v1/tickets/{number}", body)
    return await _act(request, visit, desk, analyst, number, call, {})


@router.post("/tickets/{number}/merge")
async def merge(
    request: Request, visit: Visitor, desk: Desk, analyst: Analyst, number: Number,
    csrf_token: Field, target: Annotated[int, Form(ge=1, le=2**53)],
    confirm_different_requesters: Annotated[bool, Form()] = False,
) -> Response:  # fmt: skip
    check_form(visit, csrf_token)
    body = {"target": target, "confirm_different_requesters": confirm_different_requesters}
    call = ("POST", f"/v1/tickets/{number}/merge", body)
    kept = {"merge_target": str(target)}
    return await _act(request, visit, desk, analyst, number, call, kept, then=target)
