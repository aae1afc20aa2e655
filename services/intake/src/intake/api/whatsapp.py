"""The WhatsApp Cloud API webhook: subscription handshake and signed message deliveries."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse

from helpdesk_runtime.problem_details import problem_responses
from intake.adapters.archive import ArchiveUnavailable
from intake.api.problems import problem, read_body, refusal_problem
from intake.domain.whatsapp_signature import verify_signature, verify_subscription
from intake.handlers.reception import InboundRefused, Reception, json_object
from intake.handlers.whatsapp import receive_whatsapp

SIGNED_JSON_BODY = {
    "requestBody": {
        "required": True,
        "description": "Meta's webhook JSON, exactly as signed in X-Hub-Signature-256",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def whatsapp_router(reception: Reception, *, verify_token: str, app_secret: str) -> APIRouter:
    router = APIRouter(tags=["whatsapp"])

    @router.get(
        "/v1/whatsapp/webhook",
        summary="Meta's subscription handshake",
        response_class=PlainTextResponse,
        responses={403: {"description": "Wrong verify token", "content": {"text/plain": {}}}},
    )
    async def handshake(
        mode: str | None = Query(default=None, alias="hub.mode"),
        token: str | None = Query(default=None, alias="hub.verify_token"),
        challenge: str | None = Query(default=None, alias="hub.challenge"),
    ) -> Response:
        echoed = verify_subscription(mode, token, challenge, verify_token)
        if echoed is None:
            return PlainTextResponse("forbidden", status_code=403)
        return PlainTextResponse(echoed)

    @router.post(
        "/v1/whatsapp/webhook",
        summary="Messages and statuses, signed by Meta (X-Hub-Signature-256)",
        openapi_extra=SIGNED_JSON_BODY,
        responses=problem_responses(400, 401, 413, 503),
    )
    async def webhook(request: Request) -> Response:
        limit = reception.policy.limits.max_total_bytes
        try:
            body = await read_body(request, limit)
            if not verify_signature(body, request.headers.get("x-hub-signature-256"), app_secret):
                return problem(401, "en", detail="missing or wrong X-Hub-Signature-256")
            received = await receive_whatsapp(json_object(body), reception=reception)
        except InboundRefused as refusal:
            return refusal_problem(refusal, "en")
        except ArchiveUnavailable:
            return problem(503, "en")
        items = [{"inbound_id": r.inbound_id, "outcome": r.outcome} for r in received]
        return JSONResponse({"received": items})

    return router
