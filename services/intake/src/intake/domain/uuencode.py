"""uuencoded files: a MIME part sent with `Content-Transfer-Encoding: x-uuencode` (Outlook
Express, Pegasus, old Eudora) or a `begin 644 name … end` block pasted into the text itself.

Decoded leniently, as those mailers' readers did: a missing `end` line, trailing spaces cut
off by a relay and encoders that pad the last line wrongly still give the file.
"""

from __future__ import annotations

import binascii
import re
from dataclasses import dataclass

UU_ENCODINGS = frozenset({"x-uuencode", "uuencode", "uue", "x-uue"})
_BEGIN = re.compile(rb"^begin(?:-\S+)? +[0-7]{3,4} +(.+?)\s*$")
# uuencoded lines use the characters from space to backquote only: never a lowercase letter.
_BLOCK = re.compile(
    r"^begin [0-7]{3,4} +\S[^\n]*\n(?:[ -`]+(?:\n|\Z))+(?:end[ \t]*(?:\n|\Z))?", re.MULTILINE
)


@dataclass(frozen=True)
class UuFile:
    """A file recovered from uuencoded text: the name on its begin line and its bytes."""

    name: str
    content: bytes


def _line(line: bytes) -> bytes:
    try:
        return binascii.a2b_uu(line)
    except binascii.Error:
        # Encoders that pad the last line wrongly: trust the length character.
        length = (line[0] - 32) & 63
        return binascii.a2b_uu(line[: (length * 4 + 5) // 3])


def uudecode(encoded: bytes) -> UuFile | None:
    """The first file in uuencoded bytes, None when there is no begin line."""
    lines = iter(encoded.splitlines())
    name = next((found[1] for line in lines if (found := _BEGIN.match(line))), None)
    if name is None:
        return None
    content = bytearray()
    for raw in lines:
        line = raw.rstrip(b"\r\n")
        if line.strip() == b"end":
            break
        if not line.strip() or line in (b"`", b" "):
            continue
        try:
            content += _line(line)
        except (binascii.Error, IndexError):
            continue  # a stray line of text between the blocks
    return UuFile(name.decode("utf-8", "replace"), bytes(content))


def split_uuencoded(text: str) -> tuple[str, list[UuFile]]:
    """Text with its pasted uuencoded blocks taken out, and the files they held."""
    files: list[UuFile] = []

    def take(block: re.Match[str]) -> str:
        found = uudecode(block[0].encode("latin-1", "replace"))
        if found is None or not found.content:
            return block[0]
        files.append(found)
        return ""

    remaining = _BLOCK.sub(take, text)
    return (re.sub(r"\n{3,}", "\n\n", remaining) if files else text), files
