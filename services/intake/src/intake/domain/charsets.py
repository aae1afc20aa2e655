"""Turning the bytes a mailbox receives into text, whatever the declared charset says."""

from __future__ import annotations

import re

from intake.domain.charset_detection import detect_codec, looks_western, script_codec
from intake.domain.charset_labels import STATEFUL_SEVEN_BIT, codec_of
from intake.domain.iso2022jp import SEVEN_BIT_JAPANESE, decode_iso2022jp

# Senders label Windows-1252 text as Latin-1 (Outlook) and UTF-8 text as Latin-1 (misconfigured
# webmails): a single-byte Western label is read as UTF-8 when the bytes are valid UTF-8.
_SINGLE_BYTE_LATIN = {"cp1252", "iso8859-15", "latin-1"}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""C0 and C1 control characters, which never belong in a subject, a name or a file name."""


def _seven_bit(data: bytes, codec: str | None) -> str:
    if codec is not None and codec.startswith("iso2022_jp"):
        return decode_iso2022jp(data, codec)
    if codec in STATEFUL_SEVEN_BIT:
        return data.decode(codec or "ascii", "replace")
    if SEVEN_BIT_JAPANESE.search(data):  # unlabelled, or labelled ASCII or UTF-8: still Japanese
        return decode_iso2022jp(data)
    return data.decode("ascii")


def decode_bytes(data: bytes, declared: str | None = None, fallback: str | None = None) -> str:
    """Decode text bytes: the declared charset (as its superset) when it fits, else `fallback`
    (the charset the rest of the message declares), else the detected one."""
    codec = codec_of(declared)
    if data.isascii():
        return _seven_bit(data, codec)
    if codec in _SINGLE_BYTE_LATIN:
        # A Western label on bytes that are UTF-8, Cyrillic or East Asian text: the label lies.
        if _is_utf8(data):
            codec = "utf-8"
        elif not looks_western(data):
            codec = script_codec(data) or codec
    for candidate in (codec, codec_of(fallback)):
        if candidate is not None and candidate not in STATEFUL_SEVEN_BIT:
            try:
                return data.decode(candidate)
            except (UnicodeError, LookupError):
                continue
    detected = detect_codec(data)
    try:
        return data.decode(detected)
    except UnicodeError:
        if detected != "cp1252":  # detected on a sample: a stray bad byte further on
            return data.decode(detected, "replace")
        # latin-1 never fails: bytes Windows-1252 leaves undefined become C1 controls.
        return data.decode("latin-1")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_text(text: str, fallback: str | None = None) -> str:
    """Repair undecoded bytes (lone surrogates) the email parser leaves in strings."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return decode_bytes(raw, "utf-8", fallback)
