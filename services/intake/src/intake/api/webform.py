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
from intake.domain.service_catalogue import Language
from intake.handlers.reception import InboundRefused, Reception
from intake.handlers.webform import WebformInvalid, event_language, receive_webform

WEBFORM_PREFIX = "webform:"
FAILED: dict[Language, str] = {
    "pt-BR": "Não conseguimos registrar esta solicitação como chamado. Nossa equipe foi avisada; "
    "se precisar, envie-a novamente ou escreva para o nosso e-mail de atendimento.",
    "en": "We could not turn this request into a ticket. Our team has been told; if you need "
    "to, send it again or write to our support address.",
}


class SubmissionAccepted(BaseModel):
    """Kept: `status_url` says when the ticket is open (or why it could not be)."""

    submission_id: str
    status: str
    status_url: str


async def submission_status(
    reception: Reception, submission_id: str, language: Language = "pt-BR"
) -> dict[str, Any] | None:
    """pending until tickets reports the ticket it opened, or failed (with the reason) when
    tickets gave up on it; None for an unknown id."""
    document = await reception.archive.find(WEBFORM_PREFIX + submission_id)
    if document is None:
        return None
    number, failure = document.get("ticket_number"), document.get("failure")
    status = "ticket_created" if number else "failed" if failure else "pending"
    found: dict[str, Any] = {
        "submission_id": submission_id,
        "status": status,
        "ticket_number": number,
    }
    if failure is not None and status == "failed":
        found["reason"] = FAILED[language]
        found["failed_at"] = failure["at"].isoformat()
    return found


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
        summary="pending, the ticket number, or failed with the reason",
        responses=problem_responses(503),
    )
    async def status(submission_id: str, request: Request) -> Response:
        language = preferred_language(request.headers.get("accept-language"))
        try:
            found = await submission_status(reception, submission_id, language)
        except ArchiveUnavailable:
            return problem(503, language)
        if found is None:
            return problem(404, language)
        return JSONResponse(found)

    return router
