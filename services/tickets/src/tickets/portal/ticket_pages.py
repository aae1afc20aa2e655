"""The customer's tickets as HTML pages: the list, one ticket, and its forms (comment, mark
resolved, rate), acting through customer_actions.py like the JSON API does."""

from __future__ import annotations

import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from tickets import customer_actions as actions
from tickets.adapters.records import TicketRecord
from tickets.agent_actions import Change
from tickets.api.auth import Deps
from tickets.api.customer import CommentRequest, RatingRequest
from tickets.api.files import Files
from tickets.api.pagination import BadCursor, ticket_page
from tickets.app_errors import AppProblem, NotFound
from tickets.domain.errors import TicketRuleViolation
from tickets.domain.language import Localized
from tickets.file_uploads import FilesRefused, read_upload_form
from tickets.portal.pages import form_sender, not_found_page, render, signed_out_page, url_in
from tickets.portal.session import PORTAL, Visit, Visitor
from tickets.portal.sign_in_pages import enter_page
from tickets.portal.texts import TEXTS
from tickets.portal.views import Presenter
from tickets.service import Dependencies

router = APIRouter(prefix=PORTAL, include_in_schema=False)
FormField = Annotated[str, Form()]
Action = Callable[[], Awaitable[TicketRecord]]
PAGE_SIZE = 20
_SUBMISSION = re.compile(r"[A-Za-z0-9_-]{16,64}")


def presenter(deps: Dependencies, visit: Visit) -> Presenter:
    return Presenter(
        language=visit.language,
        zone=deps.settings.portal_zone,
        reopens_resolved=deps.settings.reply_policy.reopen_resolved,
    )


@router.get("")
async def my_tickets(
    visit: Visitor, deps: Deps, code: str | None = None, cursor: str | None = None
) -> Response:
    """With `?code=` (the emailed link): the «Entrar» page; else my tickets, newest first."""
    if code is not None:
        return enter_page(visit, code)
    if visit.requester_id is None:
        return signed_out_page(visit)
    query = {"requester_id": visit.requester_id}
    try:
        page, next_cursor = await ticket_page(deps.tickets, query, limit=PAGE_SIZE, cursor=cursor)
    except BadCursor:
        page, next_cursor = await ticket_page(deps.tickets, query, limit=PAGE_SIZE, cursor=None)
    shown = presenter(deps, visit)
    rows = [shown.row(record) for record in page]
    return render("my_tickets.html", visit, rows=rows, next_cursor=next_cursor, cursor=cursor)


@router.get("/{number:int}")
async def my_ticket(number: int, visit: Visitor, deps: Deps) -> Response:
    if visit.requester_id is None:
        return signed_out_page(visit)
    return await ticket_response(deps, visit, number, me=visit.requester_id)


async def ticket_response(
    deps: Dependencies,
    visit: Visit,
    number: int,
    *,
    me: str,
    error: Localized | None = None,
    status_code: int = 200,
    draft: str = "",
) -> HTMLResponse:
    """Ticket `number` as its requester `me` sees it; `error` says why a form was refused."""
    try:
        record = await actions.own_ticket(deps, number, requester_id=me)
    except NotFound:
        return not_found_page(visit, number)
    target_status = await actions.merged_target_status(deps, record)
    ticket = presenter(deps, visit).ticket(record, merged_target_status=target_status)
    return render(
        "ticket.html",
        visit,
        path=f"{PORTAL}/{number}",
        ticket=ticket,
        submission=uuid.uuid4().hex,
        file_limits=deps.settings.upload_limits,
        error=error.in_language(visit.language) if error else None,
        draft=draft,
        status_code=status_code,
    )


def own_change(deps: Dependencies, number: int, change: Change, me: str) -> Action:
    return lambda: actions.change_own(deps, number, change, requester_id=me)


async def act(
    deps: Dependencies, visit: Visit, number: int, action: Action, *, me: str, draft: str = ""
) -> Response:
    """Carry out `me`'s action, then show the ticket that took it (303: the same one, or a new
    one linked to it) or why the action was refused."""
    try:
        done = await action()
    except NotFound:
        return not_found_page(visit, number)
    except (TicketRuleViolation, AppProblem) as refused:  # AppProblem: a concurrent change
        status = refused.http_status if isinstance(refused, TicketRuleViolation) else refused.status
        return await ticket_response(
            deps, visit, number, me=me, error=refused.reason, status_code=status, draft=draft
        )
    shown = f"{PORTAL}/{done.number}"
    return RedirectResponse(url_in(visit.language, shown), status_code=303)


def upload_key(number: int, requester_id: str, submission: str) -> str:
    """What makes the ids of a comment form's files: the same form sent again, the same ids."""
    return f"portal\n{number}\n{requester_id}\n{submission}"


@router.post("/{number:int}/comentarios")
async def post_comment(
    number: int, request: Request, visit: Visitor, deps: Deps, files: Files
) -> Response:
    """Text and files (multipart); the files are stored before the comment that names them,
    under ids the same form sent again finds (see TicketFiles.keep)."""
    if visit.requester_id is None:
        return signed_out_page(visit)
    try:
        form = await read_upload_form(request, files.limits)
    except FilesRefused as refused:  # nothing was kept; the page says which limit
        return await ticket_response(
            deps,
            visit,
            number,
            me=visit.requester_id,
            error=refused.reason,
            status_code=refused.status,
        )
    text = form.fields.get("text", "")
    me = form_sender(visit, form.fields.get("form_token", ""))
    if isinstance(me, Response):
        return me
    try:
        written = CommentRequest(text=text)
    except ValidationError:
        invalid = TEXTS["comment_invalid"]
        return await ticket_response(
            deps, visit, number, me=me, error=invalid, status_code=422, draft=text
        )
    given = form.fields.get("submission", "")
    submission = given if _SUBMISSION.fullmatch(given) else uuid.uuid4().hex

    async def write() -> TicketRecord:
        await actions.own_ticket(deps, number, requester_id=me)
        key = upload_key(number, me, submission)
        refs = await files.keep(form.uploads, key=key, uploaded_by=me)
        return await actions.write_on_own_ticket(
            deps, number, written.text, requester_id=me, attachments=refs, submission=submission
        )

    return await act(deps, visit, number, write, me=me, draft=text)


@router.get("/{number:int}/anexos/{attachment_id:path}")
async def open_file(
    number: int, attachment_id: str, visit: Visitor, deps: Deps, files: Files
) -> Response:
    """A file of my ticket's conversation; any other is «not found», like another's ticket."""
    if visit.requester_id is None:
        return signed_out_page(visit)
    try:
        record = await actions.own_ticket(deps, number, requester_id=visit.requester_id)
        return await files.open(record.ticket, attachment_id, requester_id=visit.requester_id)
    except NotFound as missing:
        reason = missing.reason.in_language(visit.language)
        return render("not_found.html", visit, reason=reason, status_code=404)


@router.post("/{number:int}/resolver")
async def mark_resolved(
    number: int, visit: Visitor, deps: Deps, form_token: FormField = ""
) -> Response:
    me = form_sender(visit, form_token)
    if isinstance(me, Response):
        return me
    return await act(
        deps, visit, number, own_change(deps, number, actions.resolution(me), me), me=me
    )


@router.post("/{number:int}/avaliacao")
async def rate_service(
    number: int,
    visit: Visitor,
    deps: Deps,
    rating: FormField = "",
    comment: FormField = "",
    form_token: FormField = "",
) -> Response:
    me = form_sender(visit, form_token)
    if isinstance(me, Response):
        return me
    try:
        given = RatingRequest.model_validate({"rating": rating, "comment": comment})
    except ValidationError:
        invalid = TEXTS["rate_invalid"]
        return await ticket_response(deps, visit, number, me=me, error=invalid, status_code=422)
    change = actions.rating(me, given.rating, given.comment)
    return await act(deps, visit, number, own_change(deps, number, change, me), me=me)
