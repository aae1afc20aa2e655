"""POST /v1/webform (JSON or multipart with files) and GET /v1/submissions/{id}."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from helpdesk_runtime.languages import preferred_language
from helpdesk_runtime.problem_details import problem_responses
from intake.adapters.archive import ArchiveUnavailable
from intake.api.problems import problem, refusal_problem
from intake.api.submission_input import read_submission
from intake.api.webform_docs import WEBFORM_BODY
from intake.handlers.reception import InboundRefused, Reception
from intake.handlers.webform import WebformInvalid, event_language, receive_webform

WEBFORM_PREFIX = "webform:"


class SubmissionAccepted(BaseModel):
    """Kept: `status_url` says when the ticket is open (or why it could not be)."""

    submission_id: str
    status: str
    status_url: str


async def submission_status(reception: Reception, submission_id: str) -> dict[str, Any] | None:
    """pending until tickets reports the ticket it opened; None for an unknown id."""
    document = await reception.archive.find(WEBFORM_PREFIX + submission_id)
    if document is None:
        return None
    number = document.get("ticket_number")
    return {
        "submission_id": submission_id,
        "status": "ticket_created" if number else "pending",
        "ticket_number": number,
    }


def webform_router(reception: Reception) -> APIRouter:
    router = APIRouter(tags=["web form"])

    @router.post(
        "/v1/webform",
        status_code=202,
        summary="Submit the web form (422 lists every bad field, in pt-BR or English)",
        openapi_extra=WEBFORM_BODY,
        responses={202: {"model": SubmissionAccepted}, **problem_responses(400, 413, 503)},
    )
    async def submit(request: Request) -> Response:
        language = preferred_language(request.headers.get("accept-language"))
        try:
            found = await read_submission(
                request, max_bytes=reception.policy.limits.max_total_bytes
            )
            received = await receive_webform(
                found.fields,
                reception=reception,
                uploads=found.uploads,
                client_id=found.client_id,
                language=event_language(found.fields.get("language"), language),
            )
        except WebformInvalid as invalid:
            return problem(422, language, errors=invalid.errors)
        except InboundRefused as refusal:
            return refusal_problem(refusal, language)
        except ArchiveUnavailable:
            return problem(503, language)
        submission_id = received.inbound_id.removeprefix(WEBFORM_PREFIX)
        location = f"/v1/submissions/{submission_id}"
        body = {"submission_id": submission_id, "status": "pending", "status_url": location}
        return JSONResponse(body, status_code=202, headers={"Location": location})

    @router.get(
        "/v1/submissions/{submission_id}",
        summary="pending, or the ticket number",
        responses=problem_responses(503),
    )
    async def status(submission_id: str, request: Request) -> Response:
        language = preferred_language(request.headers.get("accept-language"))
        try:
            found = await submission_status(reception, submission_id)
        except ArchiveUnavailable:
            return problem(503, language)
        if found is None:
            return problem(404, language)
        return JSONResponse(found)

    return router
