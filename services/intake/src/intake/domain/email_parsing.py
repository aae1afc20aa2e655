"""From raw RFC 5322 bytes to an InboundEmail, or a clear reason why not."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from email import message_from_bytes, policy
from email.errors import MessageError
from email.message import Message

from intake.domain.bounce_report import read_bounce
from intake.domain.email_classification import classify
from intake.domain.email_headers import (
    address_header,
    date_header,
    raw_header,
    raw_headers,
    text_header,
)
from intake.domain.email_models import EmailAddress, InboundEmail, UnparseableEmail
from intake.domain.html_text import sanitize_html
from intake.domain.message_body import message_charset, read_body
from intake.domain.quoted_reply import visible_text
from intake.domain.threading_hints import (
    message_ids,
    reply_token,
    support_address,
    ticket_number_hint,
)

SYNTHESIZED_ID_DOMAIN = "synthesized.intake.invalid"


def synthesized_message_id(raw: bytes) -> str:
    """The Message-ID given to mail that has none: the same bytes always get the same id."""
    return f"<{hashlib.sha256(raw).hexdigest()}@{SYNTHESIZED_ID_DOMAIN}>"


def _sender(
    message: Message, envelope_sender: str | None, fallback: str | None
) -> EmailAddress | None:
    for header in ("From", "Sender"):
        found = address_header(message, header, fallback)
        if found:
            return found[0]
    if (report := _null_sender_report(message, envelope_sender)) is not None:
        return report
    if envelope_sender and "@" in envelope_sender:
        return EmailAddress(address=envelope_sender.strip().strip("<>"))
    return None


def _null_sender_report(message: Message, envelope_sender: str | None) -> EmailAddress | None:
    """A bounce sent from the null reverse path (MAIL FROM:<>) without a From header, as some
    MTAs send them: it speaks for the reporting host's mailer-daemon."""
    envelope_null = envelope_sender is not None and envelope_sender.strip() in {"", "<>"}
    header_null = (raw_header(message, "Return-Path") or "").replace(" ", "") == "<>"
    if not (envelope_null or header_null):
        return None
    ids = message_ids(raw_header(message, "Message-ID"))
    host = ids[0].strip("<>").rpartition("@")[2] if ids else ""
    return EmailAddress(address=f"MAILER-DAEMON@{host or 'unknown.invalid'}")


def _defects(message: Message) -> tuple[str, ...]:
    names = (type(defect).__name__ for part in message.walk() for defect in part.defects)
    return tuple(sorted(set(names)))


def _build(
    raw: bytes,
    message: Message,
    *,
    sender: EmailAddress,
    support_addresses: Sequence[str],
    own_addresses: Sequence[str],
    envelope_recipients: Sequence[str],
    fallback: str | None,
) -> InboundEmail:
    ids = message_ids(raw_header(message, "Message-ID"))
    to, cc = address_header(message, "To", fallback), address_header(message, "Cc", fallback)
    delivered = [
        address.address
        for name in ("Delivered-To", "X-Original-To", "Envelope-To")
        for address in address_header(message, name)
    ]
    recipients = [*envelope_recipients, *(a.address for a in (*to, *cc)), *delivered]
    subject = text_header(message, "Subject", fallback)
    body = read_body(message)
    kind, kind_reason = classify(
        message, sender=sender, subject=subject, own_addresses=own_addresses
    )
    failed_header = raw_header(message, "X-Failed-Recipients")
    return InboundEmail(
        message_id=ids[0] if ids else synthesized_message_id(raw),
        message_id_synthesized=not ids,
        in_reply_to=next(iter(message_ids(raw_header(message, "In-Reply-To"))), None),
        references=message_ids(" ".join(raw_headers(message, "References"))),
        sender=sender,
        reply_to=address_header(message, "Reply-To", fallback),
        to=to,
        cc=cc,
        support_address=support_address(recipients, support_addresses),
        reply_token=reply_token(recipients, support_addresses),
        ticket_number_hint=ticket_number_hint(subject),
        subject=subject,
        date=date_header(message),
        text=body.text,
        visible_text=visible_text(body.text, subject),
        html=sanitize_html(body.html) if body.html is not None else None,
        attachments=tuple(body.attachments),
        forwarded=tuple(body.forwarded),
        kind=kind,
        kind_reason=kind_reason,
        bounce=read_bounce(body, failed_recipients_header=failed_header)
        if kind == "bounce"
        else None,
        size=len(raw),
        raw_sha256=hashlib.sha256(raw).hexdigest(),
        defects=_defects(message),
    )


def parse_email(
    raw: bytes,
    *,
    support_addresses: Sequence[str],
    own_addresses: Sequence[str],
    envelope_sender: str | None = None,
    envelope_recipients: Sequence[str] = (),
) -> InboundEmail | UnparseableEmail:
    """Parse raw RFC 5322 bytes; every input ends as an InboundEmail or an UnparseableEmail."""
    digest = hashlib.sha256(raw).hexdigest()

    def rejected(reason: str) -> UnparseableEmail:
        return UnparseableEmail(reason=reason, size=len(raw), raw_sha256=digest)

    if not raw.strip():
        return rejected("empty message")
    try:
        message = message_from_bytes(raw, policy=policy.default)
        if not message.keys():
            return rejected("no header section")
        fallback = message_charset(message)
        sender = _sender(message, envelope_sender, fallback)
        if sender is None:
            return rejected("no sender address in From, Sender or the envelope")
        return _build(
            raw,
            message,
            sender=sender,
            support_addresses=support_addresses,
            own_addresses=own_addresses,
            envelope_recipients=envelope_recipients,
            fallback=fallback,
        )
    # The standard library parser has known crashes on hostile MIME (header folding, nested
    # encodings); a sender must get a clear rejection, never a stack trace.
    except (
        MessageError,
        ValueError,
        TypeError,
        LookupError,
        IndexError,
        AttributeError,
        RecursionError,
    ) as exc:
        return rejected(f"malformed MIME structure ({type(exc).__name__}: {exc})"[:300])
