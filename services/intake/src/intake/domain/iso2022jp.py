"""ISO-2022-JP as Japanese mailers write it (RFC 1468 plus the vendor rows they add).

Python's `iso2022_jp` codec knows JIS X 0208 only; Windows and Mac mailers also send NEC row 13
(①, ㈱, Ⅰ), the IBM extensions and half-width katakana inside the same escapes (Microsoft's
CP50220/CP50221). Each JIS X 0208 pair maps arithmetically to Shift_JIS, and CP932 decodes
those rows; that is how the WHATWG decoder and mail clients read it too.
"""

from __future__ import annotations

import codecs
import re

_ESCAPE = re.compile(rb"\x1b(\$@|\$B|\$\(D|\(B|\(J|\(I)")
SEVEN_BIT_JAPANESE = re.compile(rb"\x1b\$[@B]")
"""The escape into JIS X 0208 that marks 7-bit Japanese text, labelled or not."""


def _to_shift_jis(pairs: bytes) -> bytes:
    out = bytearray()
    for index in range(0, len(pairs) - 1, 2):
        row, cell = pairs[index], pairs[index + 1]
        if not (0x21 <= row <= 0x7E and 0x21 <= cell <= 0x7E):
            out += b"?"
            continue
        lead = (row + 1) // 2 + 0x70
        lead += 0x40 if lead >= 0xA0 else 0
        trail = cell + 0x1F + (1 if cell >= 0x60 else 0) if row % 2 else cell + 0x7E
        out += bytes((lead, trail))
    return bytes(out)


def _segment(mode: bytes, chunk: bytes) -> str:
    if mode in (b"$@", b"$B"):
        return _to_shift_jis(chunk).decode("cp932", "replace")
    if mode == b"(I":  # half-width katakana: the byte plus 0x80 in Shift_JIS
        return bytes(byte + 0x80 for byte in chunk if 0x21 <= byte <= 0x5F).decode("cp932")
    if mode == b"$(D":  # JIS X 0212, which only EUC-JP's three-byte form carries
        return b"".join(b"\x8f" + chunk[i : i + 2] for i in range(0, len(chunk) - 1, 2)).decode(
            "euc_jp", "replace"
        )
    return chunk.decode("ascii", "replace")


def decode_iso2022jp(data: bytes, codec: str = "iso2022_jp") -> str:
    """Decode ISO-2022-JP text: strictly with `codec` first, then with the vendor rows."""
    try:
        return codecs.decode(data, codec)
    except (UnicodeError, LookupError):
        pass
    parts: list[str] = []
    mode, start = b"(B", 0
    for escape in _ESCAPE.finditer(data):
        parts.append(_segment(mode, data[start : escape.start()]))
        mode, start = escape[1], escape.end()
    parts.append(_segment(mode, data[start:]))
    return "".join(parts)
