"""A local WhatsApp Cloud API sandbox for `make run` and tests: never deployed, never imported by
a service.

- ``POST /{version}/{phone-number-id}/messages``: what notify calls; answered as Meta would,
  then reported "sent" and "delivered" through intake's webhook, signed as Meta signs.
- ``POST /sandbox/api/inbound``: the customer command tells it a customer wrote (window opens).
- ``GET /sandbox/api/messages``: every message either way, as JSON (tests read it).
- ``GET /``: the conversations, both ways, as a page.
"""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import httpx
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import AwareDatetime, BaseModel

from deploy.devkit.conversations import Conversations, meta_error
from deploy.devkit.sandbox_config import WhatsAppDevConfig
from deploy.devkit.sandbox_page import STYLESHEET, conversations_page
from deploy.devkit.whatsapp_customer import signed_headers, status_body

AUTH_ERROR = 190
UNKNOWN_OBJECT = 100
PAGE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


async def report_delivery(
    config: WhatsAppDevConfig, wamid: str, recipient: str, callback_data: str | None
) -> None:
    """The status callbacks Meta sends for an accepted message: sent, then delivered."""
    url = f"{config.intake_url}/v1/whatsapp/webhook"
    async with httpx.AsyncClient(timeout=10) as client:
        for status in ("sent", "delivered"):
            at = datetime.now(UTC)
            body = status_body(
                wamid=wamid,
                recipient=recipient,
                status=status,
                at=at,
                config=config,
                callback_data=callback_data,
            )
            try:
                await client.post(url, content=body, headers=signed_headers(body, config))
            except httpx.TransportError:
                return  # intake is down: the statuses are lost, as a missed webhook would be


class CustomerMessage(BaseModel):
    customer: str
    text: str
    at: AwareDatetime
    wamid: str


def sandbox_app(config: WhatsAppDevConfig, conversations: Conversations | None = None) -> FastAPI:
    app = FastAPI(title="WhatsApp Cloud API sandbox (development only)", docs_url=None)
    held = conversations or Conversations()

    @app.post("/{version}/{phone_number_id}/messages")
    async def send(
        version: str, phone_number_id: str, request: Request, background: BackgroundTasks
    ) -> JSONResponse:
        bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not secrets.compare_digest(bearer.encode(), config.access_token.encode()):
            error = meta_error(AUTH_ERROR, "Invalid OAuth access token", "wrong access token")
            return JSONResponse(error, status_code=401)
        if phone_number_id != config.phone_number_id:
            details = f"Object with ID '{phone_number_id}' does not exist"
            error = meta_error(UNKNOWN_OBJECT, "Unsupported post request", details)
            return JSONResponse(error, status_code=400)
        try:
            body: Any = await request.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            error = meta_error(UNKNOWN_OBJECT, "Invalid parameter", "the body is not JSON")
            return JSONResponse(error, status_code=400)
        status, answer = held.business_sends(body, datetime.now(UTC))
        if status == 200:
            wamid, recipient = answer["messages"][0]["id"], answer["contacts"][0]["wa_id"]
            callback_data = body.get("biz_opaque_callback_data")
            reference = str(callback_data)[:512] if callback_data else None
            background.add_task(report_delivery, config, wamid, recipient, reference)
        return JSONResponse(answer, status_code=status)

    @app.post("/sandbox/api/inbound", status_code=204)
    async def customer_wrote(message: CustomerMessage) -> Response:
        held.customer_wrote(
            customer=message.customer, text=message.text, at=message.at, wamid=message.wamid
        )
        return Response(status_code=204)

    @app.get("/sandbox/api/messages")
    async def messages(customer: str | None = None) -> list[dict[str, Any]]:
        every = [m for ms in held.by_customer().values() for m in ms]
        return [asdict(m) for m in every if customer is None or m.customer == customer]

    @app.get("/", response_class=HTMLResponse)
    async def page() -> HTMLResponse:
        now = datetime.now(UTC)
        html = conversations_page(held.by_customer(), held.window_open, now, config)
        return HTMLResponse(html, headers=PAGE_HEADERS)

    @app.get("/sandbox.css")
    async def stylesheet() -> Response:
        return Response(STYLESHEET, media_type="text/css", headers=PAGE_HEADERS)

    @app.get("/health/ready")
    async def ready() -> dict[str, str]:
        return {"status": "ready"}

    return app
