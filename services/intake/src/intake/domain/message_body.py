"""Walking a MIME tree: the body text, the HTML for display, attachments, forwards, reports."""

from __future__ import annotations

import mimetypes
import re
from dataclasses import dataclass, field
from email.message import Message

from intake.domain.charset_detection import detect_codec
from intake.domain.charsets import decode_bytes
from intake.domain.email_attachments import (
    embedded_message,
    forwarded_message,
    make_attachment,
    part_bytes,
    part_filename,
    uuencoded_file,
)
from intake.domain.email_models import Attachment, ForwardedMessage
from intake.domain.encoded_words import decode_header_text
from intake.domain.html_text import html_to_text
from intake.domain.uuencode import UuFile, split_uuencoded

MAX_DEPTH = 20
_REPORT_TYPES = {"message/delivery-status", "message/global-delivery-status"}
_RETURNED_HEADER_TYPES = {"text/rfc822-headers", "message/global-headers"}
_MESSAGE_TYPES = {"message/rfc822", "message/global"}


@dataclass(frozen=True)
class _Segment:
    plain: str | None = None
    html: str | None = None


@dataclass
class MessageBody:
    """Everything found in the MIME tree, in document order."""

    text: str = ""
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    forwarded: list[ForwardedMessage] = field(default_factory=list)
    delivery_reports: list[str] = field(default_factory=list)
    returned_messages: list[Message] = field(default_factory=list)


def _unflow(text: str, *, delsp: bool) -> str:
    """Undo format=flowed soft line breaks (RFC 3676), as Thunderbird and Apple Mail send."""
    out: list[str] = []
    carry = ""
    for line in text.split("\n"):
        line = line[1:] if line.startswith(" ") else line
        if line.endswith(" ") and line.rstrip() != "--":
            carry += line[:-1] if delsp else line
            continue
        out.append(carry + line)
        carry = ""
    if carry:
        out.append(carry)
    return "\n".join(out)


def part_text(part: Message) -> str:
    """A text part decoded with the most plausible charset, newlines normalized."""
    text = decode_bytes(part_bytes(part), str(part.get_content_charset() or "") or None)
    text = re.sub(r"\r\n?", "\n", text).replace("\x00", "")
    if str(part.get_param("format") or "").lower() == "flowed":
        text = _unflow(text, delsp=str(part.get_param("delsp") or "").lower() == "yes")
    return text


def message_charset(message: Message) -> str | None:
    """The charset raw 8-bit headers were most likely written in: the first one a text part
    declares, else the one its bytes look like (how Thunderbird reads undeclared headers)."""
    undeclared: bytes | None = None
    for part in message.walk():
        if part.get_content_maintype() != "text":
            continue
        declared = part.get_content_charset()
        if declared and declared.lower() not in {"us-ascii", "ascii"}:
            return str(declared)
        if undeclared is None and not (content := part_bytes(part)).isascii():
            undeclared = content
    return detect_codec(undeclared) if undeclared is not None else None


def _is_body(part: Message, content_type: str) -> bool:
    return (
        content_type in {"text/plain", "text/html"}
        and part.get_content_disposition() != "attachment"
        and part_filename(part) is None
    )


def _alternative(choices: list[list[_Segment]]) -> list[_Segment]:
    """Plain text from the first alternative that has it; HTML from the richest (last) one."""
    plain = next((c for c in choices if any(s.plain is not None for s in c)), [])
    html = next((c for c in reversed(choices) if any(s.html is not None for s in c)), [])
    plain_text = "\n".join(s.plain for s in plain if s.plain is not None) if plain else None
    html_text = "\n".join(s.html for s in html if s.html is not None) if html else None
    return [_Segment(plain=plain_text, html=html_text)]


def _walk(part: Message, body: MessageBody, depth: int) -> list[_Segment]:
    content_type = part.get_content_type()
    position = len(body.attachments) + 1
    if content_type in _MESSAGE_TYPES and depth < MAX_DEPTH:
        forwarded, attachment = forwarded_message(part, position=position)
        body.forwarded.append(forwarded)
        body.attachments.append(attachment)
        inner = embedded_message(part)
        if inner is not None:
            body.returned_messages.append(inner)
        return []
    if content_type in _REPORT_TYPES:
        body.delivery_reports.append(_report_text(part))
        return []
    if content_type in _RETURNED_HEADER_TYPES:
        body.delivery_reports.append(part_text(part))
        return []
    payload = part.get_payload()
    if isinstance(payload, list) and depth < MAX_DEPTH:
        children = [
            _walk(child, body, depth + 1) for child in payload if isinstance(child, Message)
        ]
        if content_type == "multipart/alternative":
            return _alternative(children)
        return [segment for child in children for segment in child]
    uuencoded = uuencoded_file(part)
    is_text = _is_body(part, content_type) or content_type.startswith("multipart/")
    if uuencoded is None and is_text:
        text = part_text(part)
        if content_type == "text/html":
            return [_Segment(html=text)]
        text, pasted = split_uuencoded(text)
        body.attachments.extend(_pasted_file(found, len(body.attachments) + 1) for found in pasted)
        return [_Segment(plain=text)]
    name = part_filename(part) or (uuencoded.name if uuencoded else None)
    body.attachments.append(make_attachment(part, part_bytes(part), name=name, position=position))
    return []


def _pasted_file(found: UuFile, position: int) -> Attachment:
    """A uuencoded file pasted into the text, typed by its name as its sender's reader did."""
    headers = Message()
    headers["Content-Type"] = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
    return make_attachment(headers, found.content, name=found.name, position=position)


def _report_text(part: Message) -> str:
    payload = part.get_payload()
    if not isinstance(payload, list):
        return part_text(part)
    blocks = [block for block in payload if isinstance(block, Message)]
    return "\n\n".join(
        "\n".join(f"{key}: {decode_header_text(str(value))}" for key, value in block.raw_items())
        for block in blocks
    )


def read_body(message: Message) -> MessageBody:
    """Walk the message: text (plain preferred, else from HTML), raw HTML, attachments, reports."""
    body = MessageBody()
    segments = _walk(message, body, 0)
    texts = [s.plain if s.plain is not None else html_to_text(s.html or "") for s in segments]
    body.text = "\n".join(text.strip("\n") for text in texts if text.strip()).strip()
    htmls = [s.html for s in segments if s.html is not None]
    body.html = "\n".join(htmls) if htmls else None
    return body
