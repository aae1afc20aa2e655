"""GET /v1/inbound/{inbound_id} (staff): what became of one received message.

The id is the one the SMTP reply names (`250 2.0.0 OK accepted email:<id@host>`) and the raw
POST answers (`inbound_id`); it contains `<`, `>` and `@`, so URL-encode it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from helpdesk_runtime.database import Document
from helpdesk_runtime.languages import preferred_language
from helpdesk_runtime.staff_directory import StaffCredential
from intake.adapters.archive import ArchiveUnavailable
from intake.api.problems import problem
from intake.handlers.reception import Reception

_WHY_NO_TICKET = {
    "auto_reply": "auto-reply: it answers our mail, nobody asks for anything",
    "bounce": "delivery report about one of our messages",
    "own": "our own mail coming back: never acted on",
}


def _reason(kind: str, summary: dict[str, Any], published: bool) -> str:
    reason = _WHY_NO_TICKET[kind]
    if kind == "bounce":
        reason += ", passed to notify" if published else ", nothing to tell notify"
    if summary.get("kind_reason") and kind != "own":
        reason += f" ({summary['kind_reason']})"
    return reason


def what_became_of(document: Document) -> dict[str, Any]:
    """The staff view of an archived message: its ticket, or why it opened none."""
    kind = str(document.get("kind", "message"))
    summary: dict[str, Any] = dict(document.get("summary") or {})
    number = document.get("ticket_number")
    published = bool(document.get("event_ids"))
    if number is not None:
        outcome, reason = "ticket", None
    elif kind in _WHY_NO_TICKET:
        outcome = "dropped" if kind == "own" else "recorded"
        reason = _reason(kind, summary, published)
    else:
        outcome = "awaiting_ticket" if published else "recorded"
        reason = None if published else "stored without an event"
    received_at = document.get("received_at")
    return {
        "inbound_id": document["_id"],
        "channel": document.get("channel"),
        "kind": kind,
        "received_at": received_at.isoformat() if received_at else None,
        "outcome": outcome,
        "ticket_number": number,
        "reason": reason,
        "event_published": published,
        "summary": summary,
        "attachments": [
            {key: item.get(key) for key in ("attachment_id", "filename", "content_type", "size")}
            | {"sha256": item.get("sha256")}
            for item in document.get("attachments") or []
        ],
    }


def inbound_status_router(
    reception: Reception, staff: Callable[..., Awaitable[StaffCredential]]
) -> APIRouter:
    router = APIRouter(tags=["inbound"])

    @router.get(
        "/v1/inbound/{inbound_id:path}",
        summary="What became of a received message: its ticket, or why it opened none (staff)",
        dependencies=[Depends(staff)],
    )
    async def inbound_status(inbound_id: str, request: Request) -> Response:
        language = preferred_language(request.headers.get("accept-language"))
        try:
            document = await reception.archive.find(inbound_id)
        except ArchiveUnavailable:
            return problem(503, language)
        if document is None:
            return problem(404, language, detail=f"no received message {inbound_id!r}")
        return JSONResponse(what_became_of(document))

    return router
