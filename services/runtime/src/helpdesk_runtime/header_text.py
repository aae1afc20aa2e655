"""Text bound for an e-mail header (a person's name, a subject): one clean line.

Python's e-mail package before 3.11.10 / 3.12.5 (CVE-2024-6923; 3.11.7 here) decodes an
RFC 2047 encoded word while parsing a header and writes its CR/LF back out unencoded when it
folds the header: a web-form name ``=?utf-8?q?Cliente=0D=0AReply-To=3A_x=40evil.example?=``
becomes a second header, or ends the headers and forges the first body line. So every such value
is decoded here, loses its control characters (C0, DEL, C1, line and paragraph separators) and
collapses to one line; whatever still looks like the start of an encoded word is broken up so
that no header parser decodes a second time. Whatever the Python patch level, nothing in the
result can end a header line."""

from __future__ import annotations

import re
import unicodedata
from email.errors import HeaderParseError
from email.header import decode_header

DECODING_ROUNDS = 4
"""An encoded word may hide another; more nesting than this is not a name anyone has."""
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?]*\?=")
_BETWEEN_WORDS = re.compile(r"(?<=\?=)[ \t\r\n]+(?==\?)")  # RFC 2047: not part of the text
_LINE_BREAKING = {"Cc", "Zl", "Zp"}


def _decoded_word(match: re.Match[str]) -> str:
    word = match.group(0)
    try:
        [(raw, charset)] = decode_header(word)
        if not isinstance(raw, bytes):
            return word
        return raw.decode(charset or "ascii", errors="replace")
    except (HeaderParseError, LookupError, UnicodeError, ValueError):
        return word


def decoded_words(value: str) -> str:
    """`value` with its RFC 2047 encoded words decoded (nested ones too); undecodable stay."""
    text = value
    for _ in range(DECODING_ROUNDS):
        decoded = _ENCODED_WORD.sub(_decoded_word, _BETWEEN_WORDS.sub("", text))
        if decoded == text:
            break
        text = decoded
    return text


def without_controls(text: str) -> str:
    """Control characters and line/paragraph separators become spaces."""
    return "".join(" " if unicodedata.category(ch) in _LINE_BREAKING else ch for ch in text)


def header_text(value: str, *, limit: int | None = None) -> str:
    """One line safe in any header: decoded, control-free, whitespace collapsed, at most
    `limit` characters (ending in an ellipsis when cut)."""
    line = " ".join(without_controls(decoded_words(value)).split())
    line = line.replace("=?", "= ?")
    if limit is not None and len(line) > limit:
        line = line[: limit - 1].rstrip() + "…"
    return line
