"""Real servers on loopback playing notify's outside world: an SMTP relay and the WhatsApp API.

Both run in their own thread with their own event loop, as a separate host would; each can be
told to refuse a given recipient a number of times before accepting.
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import uvicorn
from aiosmtpd.controller import Controller
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from tests.support.processes import eventually, free_port


@dataclass
class RecordingRelay:
    """An aiosmtpd handler keeping every accepted message; scripted refusals per recipient."""

    messages: list[EmailMessage] = field(default_factory=list)
    refusals: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    refused: list[tuple[str, str]] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    """(MAIL FROM, RCPT TOs) of every transaction, as the relay saw them."""
    hold_reply_s: float = 0.0
    """How long the reply to a taken message waits (a sender may stop meanwhile)."""

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        for recipient in envelope.rcpt_tos:
            if self.refusals[recipient]:
                reply = self.refusals[recipient].pop(0)
                self.refused.append((recipient, reply))
                return reply
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        await asyncio.sleep(self.hold_reply_s)
        return "250 2.0.0 Message accepted for delivery"

    def refuse(self, recipient: str, *replies: str) -> None:
        """Answer the next DATA for ``recipient`` with ``replies`` in turn, then accept."""
        self.refusals[recipient].extend(replies)

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


class SmtpServer:
    """The relay on a free loopback port."""

    def __init__(self) -> None:
        self.relay = RecordingRelay()
        self.port = free_port()
        self._controller = Controller(self.relay, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._controller.stop()


PHONE_NUMBER_ID = "106540352242922"
TOKEN = "test-cloud-token"


@dataclass
class CloudApiRecord:
    """What the fake Cloud API received, and what it should answer next per recipient."""

    requests: list[dict[str, Any]] = field(default_factory=list)
    answers: dict[str, list[tuple[int, dict[str, Any]]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    hold_reply_s: float = 0.0
    """How long the answer to a taken message waits (a sender may stop meanwhile)."""

    def to(self, number: str) -> list[dict[str, Any]]:
        return [r["body"] for r in self.requests if r["body"].get("to") == number and r["ok"]]

    def answer(self, number: str, status: int, body: dict[str, Any]) -> None:
        self.answers[number].append((status, body))


def cloud_api(record: CloudApiRecord) -> FastAPI:
    app = FastAPI()

    @app.post("/v21.0/{phone_number_id}/messages")
    async def messages(phone_number_id: str, request: Request) -> JSONResponse:
        body = await request.json()
        authorized = request.headers.get("authorization") == f"Bearer {TOKEN}"
        known = phone_number_id == PHONE_NUMBER_ID and body.get("messaging_product") == "whatsapp"
        scripted = record.answers[body.get("to", "")]
        ok = authorized and known and not scripted
        wamid = f"wamid.{uuid.uuid4().hex}"
        record.requests.append({"path": request.url.path, "body": body, "ok": ok, "wamid": wamid})
        await asyncio.sleep(record.hold_reply_s)
        if not authorized:
            error = {"message": "Invalid OAuth access token", "type": "OAuthException", "code": 190}
            return JSONResponse({"error": error}, status_code=401)
        if not known:
            return JSONResponse({"error": {"message": "bad request", "code": 100}}, 400)
        if scripted:
            status, answer = scripted.pop(0)
            return JSONResponse(answer, status_code=status)
        contacts = [{"input": body["to"], "wa_id": body["to"]}]
        answer = {
            "messaging_product": "whatsapp",
            "contacts": contacts,
            "messages": [{"id": wamid}],
        }
        return JSONResponse(answer)

    return app


class CloudApiServer:
    """uvicorn serving the fake Cloud API in its own thread (no signal handlers there)."""

    def __init__(self) -> None:
        self.record = CloudApiRecord()
        self.port = free_port()
        config = uvicorn.Config(
            cloud_api(self.record), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v21.0"

    def __enter__(self) -> CloudApiServer:
        self._thread.start()
        eventually(lambda: self._server.started, timeout=15, what="fake Cloud API started")
        return self

    def __exit__(self, *_: object) -> None:
        self._server.should_exit = True
        self._thread.join(10)
