"""Files on the ticket page: opening one goes through tickets with the analyst's own token (the
bytes, or tickets' redirect to a short-lived signed link on intake or chat), and a reply's files
are uploaded to tickets before the reply names them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response, UploadFile
from fastapi.responses import RedirectResponse

from desk.adapters.service_apis import ApiProblem, ServiceApis
from desk.adapters.sessions import StaffSession
from desk.pages.render import render
from desk.session import DESK, Analyst, Desk, Visit, Visitor
from desk.texts import texts

router = APIRouter(prefix=DESK, include_in_schema=False)
_PASSED_ON = ("content-type", "content-disposition", "x-content-type-options", "cache-control")


@router.get("/tickets/{number}/files/{attachment_id:path}")
async def open_file(
    request: Request,
    visit: Visitor,
    desk: Desk,
    analyst: Analyst,
    number: Annotated[int, Path(ge=1, le=2**53)],
    attachment_id: str,
) -> Response:
    answer = await desk.apis.ticket_file(number, attachment_id, token=analyst.staff_token)
    if answer.status_code == 307:
        return RedirectResponse(answer.headers["location"], status_code=307)
    if answer.status_code == 404:
        missing = texts(visit.language)["file_not_found"]
        return render(
            request, visit, "message.html", status=404, heading=missing, message=missing,
            kind="alert", link=f"{DESK}/tickets/{number}", link_text=f"#{number}",
        )  # fmt: skip
    if answer.status_code != 200:
        raise ApiProblem(answer.status_code, answer.reason_phrase)
    headers = {k: v for k, v in answer.headers.items() if k.lower() in _PASSED_ON}
    return Response(answer.content, headers=headers)


async def uploaded_ids(
    apis: ServiceApis, analyst: StaffSession, visit: Visit, files: list[UploadFile] | None
) -> list[str]:
    """The files the analyst chose (empty file inputs left out), uploaded to tickets."""
    chosen = [
        (file.filename or "file", await file.read(), file.content_type or "")
        for file in files or []
        if file.filename
    ]
    if not chosen:
        return []
    return await apis.upload(chosen, token=analyst.staff_token, language=visit.language)
