"""Telling a customer's message from auto-replies, bounces and our own mail coming back."""

from __future__ import annotations

import re
from collections.abc import Iterable
from email.message import Message

from intake.domain.email_headers import raw_header
from intake.domain.email_models import EmailAddress, EmailKind

_AUTO_REPLY_SUBJECT = re.compile(
    r"^\s*(resposta autom[aá]tica|respuesta autom[aá]tica|out of (the )?office|"
    r"aus[eê]ncia tempor[aá]ria|automatic reply|auto[- ]?reply|autoreply|auto[- ]?response|"
    r"ausente do escrit[oó]rio|fora do escrit[oó]rio)\b",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"(undeliver|delivery status notification|delivery (has )?failed|failure notice|"
    r"returned mail|mail delivery (failed|system)|n[aã]o (foi poss[ií]vel )?entreg|"
    r"falha na entrega|mensagem n[aã]o entregue)",
    re.IGNORECASE,
)
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}


def _auto_reply_reason(message: Message, subject: str) -> str | None:
    auto_submitted = (raw_header(message, "Auto-Submitted") or "").split(";")[0].strip().lower()
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    for name in ("X-Autoreply", "X-Autorespond", "X-Autoresponder"):
        value = raw_header(message, name)
        if value is not None and value.strip().lower() not in {"no", "false", "0"}:
            return f"{name} header"
    precedence = (raw_header(message, "Precedence") or "").strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    if _AUTO_REPLY_SUBJECT.match(subject):
        return "auto-reply subject"
    return None


def _bounce_reason(message: Message, sender: EmailAddress, subject: str) -> str | None:
    content_type = message.get_content_type()
    report_type = str(message.get_param("report-type") or "").lower()
    if content_type == "multipart/report" and report_type == "delivery-status":
        return "delivery status notification"
    local_part = sender.address.rpartition("@")[0].lower()
    if local_part == "mailer-daemon":
        return "mailer-daemon sender"
    if local_part == "postmaster" and _BOUNCE_SUBJECT.search(subject):
        return "postmaster delivery failure"
    return None


def classify(
    message: Message, *, sender: EmailAddress, subject: str, own_addresses: Iterable[str]
) -> tuple[EmailKind, str | None]:
    """The kind of email and why: own mail first, then bounces, auto-replies, else a message."""
    if any(sender.matches(address) for address in own_addresses):
        return "own", "sent from one of our own addresses"
    bounce = _bounce_reason(message, sender, subject)
    if bounce is not None:
        return "bounce", bounce
    auto_reply = _auto_reply_reason(message, subject)
    if auto_reply is not None:
        return "auto_reply", auto_reply
    return "message", None
