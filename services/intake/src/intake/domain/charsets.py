"""Turning the bytes a Brazilian mailbox receives into text, whatever the declared charset says."""

from __future__ import annotations

import base64
import binascii
import codecs
import re

# Senders label Windows-1252 text as Latin-1 (Outlook) and UTF-8 text as Latin-1 (misconfigured
# webmails); Windows-1252 is a superset of Latin-1's printable range, so it is the safer reading.
_SINGLE_BYTE_LATIN = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}
_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_BETWEEN_WORDS = re.compile(r"(=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?[^?\s]+\?[bBqQ]\?)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _codec(declared: str | None) -> str | None:
    if not declared:
        return None
    # RFC 2231 allows a language suffix (utf-8*pt-BR); quotes and spaces appear in the wild.
    name = declared.split("*", 1)[0].strip().strip("\"'").lower()
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):
        return None


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode text bytes: declared charset first, valid UTF-8 next, Windows-1252, then Latin-1."""
    codec = _codec(declared)
    if data.isascii():
        return data.decode("ascii")
    if codec is None or codec in _SINGLE_BYTE_LATIN:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        codec = "cp1252"
    for candidate in (codec, "utf-8", "cp1252"):
        try:
            return data.decode(candidate)
        except (UnicodeError, LookupError, ValueError):
            continue
    return data.decode("latin-1")


def clean_text(text: str) -> str:
    """Repair undecoded bytes (lone surrogates) the email parser leaves in strings."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "replace").decode("utf-8")
    return decode_bytes(raw, "utf-8")


def _decode_word(charset: str, encoding: str, payload: str) -> str:
    if encoding.lower() == "b":
        padded = payload + "=" * (-len(payload) % 4)
        try:
            data = base64.b64decode(padded)
        except (binascii.Error, ValueError):
            return payload
    else:
        data = _q_decode(payload)
    return decode_bytes(data, charset)


def _q_decode(payload: str) -> bytes:
    out = bytearray()
    i = 0
    raw = payload.replace("_", " ").encode("latin-1", "replace")
    while i < len(raw):
        if raw[i : i + 1] == b"=" and re.fullmatch(rb"[0-9A-Fa-f]{2}", raw[i + 1 : i + 3]):
            out.append(int(raw[i + 1 : i + 3], 16))
            i += 3
        else:
            out.append(raw[i])
            i += 1
    return bytes(out)


def decode_header_text(raw_value: str) -> str:
    """Decode a raw header value: unfold it, repair raw 8-bit bytes, decode RFC 2047 words."""
    unfolded = re.sub(r"\r?\n(?=[ \t])", "", clean_text(raw_value))
    joined = _BETWEEN_WORDS.sub(r"\1", unfolded)
    decoded = _ENCODED_WORD.sub(lambda m: _decode_word(m[1], m[2], m[3]), joined)
    return _CONTROL.sub("", decoded.replace("\r", " ").replace("\n", " ")).strip()
