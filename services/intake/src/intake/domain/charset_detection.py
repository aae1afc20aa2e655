"""Guessing the charset of 8-bit text that declares none (or declares one it does not use).

Order: UTF-8 when the bytes are valid UTF-8; Windows-1252 when that reading looks like Western
text (accented letters inside words, typographic punctuation), which is what a Brazilian mailbox
mostly receives; else the East Asian or Cyrillic codec whose reading scores best as real text;
else charset-normalizer's verdict; Windows-1252 when nothing fits. charset-normalizer alone
misreads short East Asian texts (a subject, a name), hence the scoring before it.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

from charset_normalizer import from_bytes

_WESTERN_EXTRA = frozenset("–—‘’‚“”„…•€°ºª§«»·¿¡©®™´¨²³¹½¼¾×÷£¥¢µ±¶\u00a0")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{3,}")
_CANDIDATES = ("cp932", "gb18030", "big5hkscs", "cp949", "euc_jp", "koi8_r", "cp1251")
# A letter's weight as evidence of real text in its script; a stray symbol counts against.
_COMMON_IN = {"hangul": "euc_kr", "han": "gb2312"}
SAMPLE_BYTES = 4096
"""Detection reads the first 4 KiB: a page of text tells its script as well as a book does, and
scoring a whole megabyte character by character would hold the event loop for seconds."""


def _western(text: str) -> bool:
    """Whether a Windows-1252 reading looks like Portuguese, Spanish, German, French…"""
    if _NON_ASCII_RUN.search(text):
        return False
    return all(
        ch.isascii() or ch in _WESTERN_EXTRA or ("\u00c0" <= ch <= "\u00ff" and ch.isalpha())
        for ch in text
    )


@functools.lru_cache(maxsize=16384)
def _encodable(ch: str, codec: str) -> bool:
    try:
        ch.encode(codec)
    except UnicodeEncodeError:
        return False
    return True


def _weight(ch: str, previous: str) -> int:
    code = ord(ch)
    if ch.isascii():
        return 0
    if 0x3041 <= code <= 0x30FF:  # kana: Japanese writes them between almost every kanji
        return 3
    if 0xAC00 <= code <= 0xD7A3:
        return 1 if _encodable(ch, _COMMON_IN["hangul"]) else -3
    if 0x4E00 <= code <= 0x9FFF:
        common = any(_encodable(ch, codec) for codec in ("gb2312", "big5", "shift_jis"))
        return 1 if common else -2
    if 0x0410 <= code <= 0x044F:  # Cyrillic: capitals only start words
        return -1 if ch.isupper() and previous.isalpha() else 1
    if 0x3000 <= code <= 0x303F or 0xFF01 <= code <= 0xFF5E:
        return 1
    if unicodedata.category(ch).startswith(("C", "S")):
        return -3
    return -1


def _score(text: str) -> float:
    total = sum(_weight(ch, text[i - 1] if i else " ") for i, ch in enumerate(text))
    return total / max(1, sum(1 for ch in text if not ch.isascii()))


def _best_candidates(data: bytes) -> list[str]:
    """The codecs whose reading scores best (several when the bytes fit more than one)."""
    scores: dict[str, float] = {}
    for codec in _CANDIDATES:
        try:
            # final=False: a character cut by the end of the sample is no decoding error.
            text = codecs.getincrementaldecoder(codec)().decode(data[:SAMPLE_BYTES], final=False)
        except UnicodeDecodeError:
            continue
        scores[codec] = _score(text)
    top = max(scores.values(), default=0.0)
    return [codec for codec, score in scores.items() if score > 0 and score >= top - 0.05]


def looks_western(data: bytes) -> bool:
    """Whether 8-bit text reads as Western text in Windows-1252; two or three high bytes are
    too few to tell a script by, so they read the Western way too."""
    sample = data[:SAMPLE_BYTES]
    return _western(sample.decode("cp1252", "replace")) or sum(b >= 0x80 for b in sample) < 4


def script_codec(data: bytes) -> str | None:
    """The East Asian or Cyrillic codec that reads `data` as real text, if one does."""
    found = _best_candidates(data)
    if len(found) < 2:
        return found[0] if found else None
    # Several scripts read equally well (Korean and Chinese share byte ranges): charset-normalizer
    # knows which letters each language uses most.
    verdict = from_bytes(data[:SAMPLE_BYTES], cp_isolation=found).best()
    return verdict.encoding if verdict is not None else found[0]


def detect_codec(data: bytes) -> str:
    """The most plausible codec for 8-bit text without a usable label."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if looks_western(data):
        return "cp1252"
    found = script_codec(data)
    if found is not None:
        return found
    verdict = from_bytes(data[:SAMPLE_BYTES]).best()
    return verdict.encoding if verdict is not None else "cp1252"
