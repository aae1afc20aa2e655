"""Reading header values from a parsed message without trusting them to be well formed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from intake.domain.charsets import clean_text, decode_header_text
from intake.domain.email_models import EmailAddress

_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+$")


def raw_header(message: Message, name: str) -> str | None:
    """The first value of a header, unfolded and with raw 8-bit bytes repaired (no RFC 2047)."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return re.sub(r"\r?\n(?=[ \t])", "", clean_text(str(value))).strip()
    return None


def raw_headers(message: Message, name: str) -> list[str]:
    """Every value of a header, in order, with raw 8-bit bytes repaired (no RFC 2047)."""
    wanted = name.lower()
    return [clean_text(str(value)) for key, value in message.raw_items() if key.lower() == wanted]


def text_header(message: Message, name: str) -> str:
    """A header decoded to text (RFC 2047, raw 8-bit, unknown charsets), '' when absent."""
    value = raw_header(message, name)
    return decode_header_text(value) if value is not None else ""


def address_header(message: Message, name: str) -> tuple[EmailAddress, ...]:
    """The valid mailboxes of an address header (From, To, Cc, Reply-To), decoded."""
    found: dict[str, EmailAddress] = {}
    for display, address in getaddresses(raw_headers(message, name)):
        address = address.strip()
        if not _ADDRESS.match(address):
            continue
        decoded = decode_header_text(display) if display else ""
        found.setdefault(address.casefold(), EmailAddress(address=address, name=decoded or None))
    return tuple(found.values())


def date_header(message: Message, name: str = "Date") -> datetime | None:
    """The header's date as an aware UTC datetime; None when absent or unreadable."""
    value = raw_header(message, name)
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(clean_text(value))
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
