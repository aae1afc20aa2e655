"""Attachments and forwarded messages taken out of a MIME part."""

from __future__ import annotations

import hashlib
import re
from email import message_from_bytes, policy
from email.message import Message

from helpdesk_runtime.attachment_risk import attachment_risk, safe_filename
from intake.domain.email_headers import address_header, date_header, raw_header, text_header
from intake.domain.email_models import Attachment, ForwardedMessage
from intake.domain.encoded_words import decode_header_text
from intake.domain.threading_hints import message_ids
from intake.domain.uuencode import UU_ENCODINGS, UuFile, uudecode

# A parameter as mailers write it when they break RFC 2045: an unquoted encoded word
# (name==?iso-8859-1?Q?...?=), unquoted spaces (name=Captura de tela.png), raw 8-bit bytes.
_LOOSE_PARAMETER = r"(?:^|;)\s*{name}\s*=\s*(?:\"([^\"]*)\"?|([^;]*))"


def _loose_parameter(part: Message, header: str, name: str) -> str | None:
    value = raw_header(part, header, keep_bytes=True)
    found = re.search(_LOOSE_PARAMETER.format(name=name), value or "", re.IGNORECASE)
    text = (found[1] if found[1] is not None else found[2]).strip() if found else ""
    return decode_header_text(text) or None


def part_filename(part: Message) -> str | None:
    """The sender's file name for a part: RFC 2231, the common illegal RFC 2047 form, and the
    loose forms the standard parser cuts short (unquoted spaces, raw 8-bit bytes)."""
    name = part.get_filename() or part.get_param("name")
    if isinstance(name, tuple):
        name = name[2]
    strict = decode_header_text(str(name)) if name else ""
    loose = _loose_parameter(part, "Content-Disposition", "filename") or _loose_parameter(
        part, "Content-Type", "name"
    )
    if loose and (not strict or "\ufffd" in strict or loose.startswith(strict)):
        return loose
    return strict or None


def uuencoded_file(part: Message) -> UuFile | None:
    """The file of a part sent with a uuencode transfer encoding, decoded here rather than by
    the standard library (lenient, and the same on every Python version)."""
    encoding = str(part.get("Content-Transfer-Encoding", "")).strip().lower()
    if encoding not in UU_ENCODINGS or part.is_multipart():
        return None
    payload = part.get_payload(decode=False)
    return uudecode(str(payload).encode("utf-8", "surrogateescape"))


def part_bytes(part: Message) -> bytes:
    """The decoded content of a leaf part (bad base64 yields what could be decoded)."""
    if (uuencoded := uuencoded_file(part)) is not None:
        return uuencoded.content
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
