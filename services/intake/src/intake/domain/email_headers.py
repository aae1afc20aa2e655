"""Reading header values from a parsed message without trusting them to be well formed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from intake.domain.charsets import clean_text
from intake.domain.email_models import EmailAddress
from intake.domain.encoded_words import decode_header_text, protect_encoded_words

_ADDRESS = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+$")


def _repaired(value: object, keep_bytes: bool) -> str:
    return str(value) if keep_bytes else clean_text(str(value))


def raw_header(message: Message, name: str, *, keep_bytes: bool = False) -> str | None:
    """The first value of a header, unfolded and with raw 8-bit bytes repaired (no RFC 2047);
    `keep_bytes` leaves them for a decoder that knows the message's charset."""
    wanted = name.lower()
    for key, value in message.raw_items():
        if key.lower() == wanted:
            return re.sub(r"\r?\n(?=[ \t])", "", _repaired(value, keep_bytes)).strip()
    return None


def raw_headers(message: Message, name: str, *, keep_bytes: bool = False) -> list[str]:
    """Every value of a header, in order, with raw 8-bit bytes repaired (no RFC 2047)."""
    wanted = name.lower()
    return [_repaired(v, keep_bytes) for key, v in message.raw_items() if key.lower() == wanted]


def text_header(message: Message, name: str, fallback: str | None = None) -> str:
    """A header decoded to text (RFC 2047, raw 8-bit read as `fallback` or detected), '' when
    absent."""
    value = raw_header(message, name, keep_bytes=True)
    return decode_header_text(value, fallback) if value is not None else ""


def address_header(
    message: Message, name: str, fallback: str | None = None
) -> tuple[EmailAddress, ...]:
    """The valid mailboxes of an address header (From, To, Cc, Reply-To), decoded."""
    found: dict[str, EmailAddress] = {}
    for value in raw_headers(message, name, keep_bytes=True):
        protected, restore = protect_encoded_words(value)
        for display, parsed in getaddresses([protected]):
            address = clean_text(parsed.strip())
            if not _ADDRESS.match(address):
                continue
            decoded = restore(decode_header_text(display, fallback)) if display else ""
            entry = EmailAddress(address=address, name=decoded.strip(" \"'") or None)
            found.setdefault(address.casefold(), entry)
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
