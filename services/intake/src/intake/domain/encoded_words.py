"""Header text as mail clients show it: RFC 2047 encoded words decoded the lenient way.

Thunderbird and Gmail decode what RFC 2047 forbids but mailers send: spaces inside a word
(`=?us-ascii?Q?ABC / 123?=`, `=?UTF-8?Q? Personal=C3=A4nderung?=`), a word inside quotes or
touching other text, a multibyte character split across two adjacent words, and raw 8-bit
bytes beside the words. Raw 8-bit text is read with the charset the rest of the message
declares (`fallback`), as Thunderbird does, else detected.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable

from intake.domain.charsets import CONTROL, clean_text, decode_bytes

ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\r\n]*?)\?=")
ENCODED_RUN = re.compile(rf"{ENCODED_WORD.pattern}(?:[ \t]*{ENCODED_WORD.pattern})*")
_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")


def _word_bytes(encoding: str, payload: str) -> bytes:
    if encoding.lower() == "b":
        compact = re.sub(r"\s+", "", payload)
        try:
            return base64.b64decode(compact + "=" * (-len(compact) % 4))
        except (binascii.Error, ValueError):
            return payload.encode("ascii", "replace")
    raw = payload.replace("_", " ").encode("latin-1", "replace")
    return _HEX.sub(lambda found: bytes((int(found[1], 16),)), raw)


def decode_run(run: str) -> str:
    """Adjacent encoded words as one text; the bytes of words in one charset are joined first,
    so that a character split between two words survives."""
    pieces: list[str] = []
    charset, buffered = "", b""
    for word in ENCODED_WORD.finditer(run):
        if word[1].lower() != charset and buffered:
            pieces.append(decode_bytes(buffered, charset))
            buffered = b""
        charset = word[1].lower()
        buffered += _word_bytes(word[2], word[3])
    if buffered:
        pieces.append(decode_bytes(buffered, charset))
    return "".join(pieces)


def tidy(text: str) -> str:
    """One line of display text: no control characters, single spaces."""
    return " ".join(CONTROL.sub("", re.sub(r"[\t\r\n]", " ", text)).split())


def unfold(raw_value: str) -> str:
    return re.sub(r"\r?\n(?=[ \t])", "", raw_value)


def decode_header_text(raw_value: str, fallback: str | None = None) -> str:
    """Decode a raw header value: unfold it, repair raw 8-bit bytes, decode RFC 2047 words."""
    text = clean_text(unfold(raw_value), fallback)
    return tidy(ENCODED_RUN.sub(lambda run: decode_run(run[0]), text))


def protect_encoded_words(raw_value: str) -> tuple[str, Callable[[str], str]]:
    """The value with each run of encoded words replaced by a plain token, and a function that
    puts the decoded text back: an address parser then cannot split `Bürling, Andreas`."""
    runs: list[str] = []

    def token(run: re.Match[str]) -> str:
        runs.append(run[0])
        return f"EncodedWordRun{len(runs) - 1}X"

    protected = ENCODED_RUN.sub(token, unfold(raw_value))

    def restore(text: str) -> str:
        return re.sub(r"EncodedWordRun(\d+)X", lambda m: decode_run(runs[int(m[1])]), text)

    return protected, restore
