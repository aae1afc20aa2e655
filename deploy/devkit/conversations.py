"""What the WhatsApp sandbox remembers and how it answers a send, as the Cloud API would.

Pure: no I/O. The 24-hour customer-service window opens with each message a customer sends;
free text outside it is refused with Meta's error 131047 ("Re-engagement message"), templates
are accepted at any time.
"""

from __future__ import annotations

import base64
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

SERVICE_WINDOW = timedelta(hours=24)
RE_ENGAGEMENT = 131047
INVALID_PARAMETER = 100

Answer = tuple[int, dict[str, Any]]


@dataclass(frozen=True)
class SandboxMessage:
    """One message of a conversation, either way."""

    wamid: str
    direction: Literal["inbound", "outbound"]
    customer: str
    at: datetime
    text: str
    template: str | None = None
    language: str | None = None
    error: str | None = None


def new_wamid() -> str:
    """An id shaped like Meta's (``wamid.`` and base64), unique per message."""
    return "wamid." + base64.b64encode(b"sandbox:" + secrets.token_bytes(18)).decode()


def meta_error(code: int, message: str, details: str) -> dict[str, Any]:
    """The Graph API's error body."""
    return {
        "error": {
            "message": f"(#{code}) {message}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details},
            "fbtrace_id": secrets.token_urlsafe(12),
        }
    }


def template_text(template: dict[str, Any]) -> str:
    """The template's body parameters as one line, numbered as in the approved text:
    ``{{1}} = 100002 · {{2}} = 24`` (the wording itself lives in WhatsApp Manager)."""
    values = [
        str(parameter.get("text", ""))
        for component in template.get("components") or []
        for parameter in component.get("parameters") or []
    ]
    return " · ".join(f"{{{{{n}}}}} = {value}" for n, value in enumerate(values, start=1))


@dataclass
class Conversations:
    """Every message the sandbox saw, and when each customer last wrote."""

    messages: list[SandboxMessage] = field(default_factory=list)
    last_inbound: dict[str, datetime] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def customer_wrote(self, *, customer: str, text: str, at: datetime, wamid: str) -> None:
        """A customer's message: it opens (or keeps open) the 24-hour window."""
        with self._lock:
            self.messages.append(SandboxMessage(wamid, "inbound", customer, at, text))
            if at > self.last_inbound.get(customer, at - SERVICE_WINDOW):
                self.last_inbound[customer] = at

    def window_open(self, customer: str, now: datetime) -> bool:
        last = self.last_inbound.get(customer)
        return last is not None and now - last < SERVICE_WINDOW

    def business_sends(self, body: dict[str, Any], now: datetime) -> Answer:
        """Answer ``POST /<phone-number-id>/messages``: an id, or Meta's error."""
        to = str(body.get("to") or "")
        kind = body.get("type", "text")
        if body.get("messaging_product") != "whatsapp" or not to.isdigit():
            return 400, meta_error(INVALID_PARAMETER, "Invalid parameter", "to / product")
        if kind == "template":
            template = body.get("template") or {}
            name = template.get("name")
            language = (template.get("language") or {}).get("code")
            if not name or not language:
                return 400, meta_error(INVALID_PARAMETER, "Invalid parameter", "template")
            return self._sent(to, now, template_text(template), str(name), str(language))
        text = str((body.get("text") or {}).get("body") or "")
        if kind != "text" or not text:
            return 400, meta_error(INVALID_PARAMETER, "Invalid parameter", "text.body")
        if not self.window_open(to, now):
            details = (
                "Message failed to send because more than 24 hours have passed since the "
                "customer last replied to this number."
            )
            with self._lock:
                refused = SandboxMessage(new_wamid(), "outbound", to, now, text, error="131047")
                self.messages.append(refused)
            return 400, meta_error(RE_ENGAGEMENT, "Re-engagement message", details)
        return self._sent(to, now, text)

    def _sent(
        self, to: str, now: datetime, text: str, template: str | None = None, lang: str = ""
    ) -> Answer:
        message = SandboxMessage(new_wamid(), "outbound", to, now, text, template, lang or None)
        with self._lock:
            self.messages.append(message)
        item: dict[str, Any] = {"id": message.wamid}
        if template is not None:
            item["message_status"] = "accepted"
        answer = {
            "messaging_product": "whatsapp",
            "contacts": [{"input": to, "wa_id": to}],
            "messages": [item],
        }
        return 200, answer

    def by_customer(self) -> dict[str, list[SandboxMessage]]:
        """Conversations, each in time order, the most recently active first."""
        with self._lock:
            grouped: dict[str, list[SandboxMessage]] = {}
            for message in sorted(self.messages, key=lambda m: m.at):
                grouped.setdefault(message.customer, []).append(message)
        return dict(sorted(grouped.items(), key=lambda item: item[1][-1].at, reverse=True))
