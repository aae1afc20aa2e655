"""POST /v1/inbound/email: a raw RFC 5322 message from a provider, through the SMTP pipeline."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse

from helpdesk_runtime.languages import preferred_language
from helpdesk_runtime.problem_details import problem_responses
from intake.adapters.archive import ArchiveUnavailable
from intake.api.problems import problem, read_body, refusal_problem
from intake.handlers.mail import receive_email
from intake.handlers.reception import InboundRefused, Reception

_RAW_EMAIL_BODY = {
    "requestBody": {
        "required": True,
        "content": {"message/rfc822": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def inbound_email_router(reception: Reception) -> APIRouter:
    router = APIRouter(tags=["email"])

    @router.post(
        "/v1/inbound/email",
        status_code=202,
        openapi_extra=_RAW_EMAIL_BODY,
        responses=problem_responses(413, 503),
        summary="Hand over one raw inbound email (202 accepted, 503 retry later)",
    )
    async def inbound_email(request: Request) -> Response:
        language = preferred_language(request.headers.get("accept-language"))
        limit = reception.policy.limits.max_total_bytes
        try:
            raw = await read_body(request, limit)
            received = await receive_email(raw, reception=reception)
        except InboundRefused as refusal:
            return refusal_problem(refusal, language)
        except ArchiveUnavailable:
            return problem(503, language)
        body = {"inbound_id": received.inbound_id, "outcome": received.outcome}
        return JSONResponse(body, status_code=202)

    return router
