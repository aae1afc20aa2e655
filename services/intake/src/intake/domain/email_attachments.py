"""Attachments and forwarded messages taken out of a MIME part."""

from __future__ import annotations

import hashlib
from email import message_from_bytes, policy
from email.message import Message

from intake.domain.attachment_risk import attachment_risk, safe_filename
from intake.domain.charsets import decode_header_text
from intake.domain.email_headers import address_header, date_header, raw_header, text_header
from intake.domain.email_models import Attachment, ForwardedMessage
from intake.domain.threading_hints import message_ids


def part_filename(part: Message) -> str | None:
    """The sender's file name for a part (RFC 2231 and the common illegal RFC 2047 form)."""
    name = part.get_filename() or part.get_param("name")
    if isinstance(name, tuple):
        name = name[2]
    return decode_header_text(str(name)) if name else None


def part_bytes(part: Message) -> bytes:
    """The decoded content of a leaf part (bad base64 yields what could be decoded)."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def embedded_message(part: Message) -> Message | None:
    """The message inside a message/rfc822 part, also when it was (illegally) base64-encoded."""
    payload = part.get_payload()
    if isinstance(payload, list):
        return next((item for item in payload if isinstance(item, Message)), None)
    content = part_bytes(part)
    return message_from_bytes(content, policy=policy.default) if content.strip() else None


def _message_bytes(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=policy.compat32)
    except (ValueError, TypeError, LookupError, UnicodeError, AttributeError):
        return str(message).encode("utf-8", "surrogateescape")


def make_attachment(
    part: Message, content: bytes, *, name: str | None, position: int
) -> Attachment:
    """An Attachment for a leaf part (or a forwarded message) with its risk assessed."""
    content_type = part.get_content_type()
    filename = safe_filename(name, content_type=content_type, position=position)
    risk = attachment_risk(filename, content_type, content[:2])
    content_id = (raw_header(part, "Content-ID") or "").strip().strip("<>").strip() or None
    disposition = part.get_content_disposition()
    return Attachment(
        filename=filename,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        content=content,
        inline=disposition == "inline" or (disposition is None and content_id is not None),
        content_id=content_id,
        dangerous=risk is not None,
        risk_reason=risk,
    )


def forwarded_message(part: Message, *, position: int) -> tuple[ForwardedMessage, Attachment]:
    """A message/rfc822 part: its headers for the agent and its bytes as an .eml attachment."""
    inner = embedded_message(part)
    content = _message_bytes(inner) if inner is not None else part_bytes(part)
    subject = text_header(inner, "Subject") if inner is not None else ""
    name = part_filename(part) or f"{subject or 'mensagem-encaminhada'}.eml"
    attachment = make_attachment(part, content, name=name, position=position)
    senders = address_header(inner, "From") if inner is not None else ()
    ids = message_ids(raw_header(inner, "Message-ID")) if inner is not None else ()
    forwarded = ForwardedMessage(
        subject=subject,
        sender=senders[0] if senders else None,
        message_id=ids[0] if ids else None,
        date=date_header(inner) if inner is not None else None,
        attachment_filename=attachment.filename,
    )
    return forwarded, attachment
