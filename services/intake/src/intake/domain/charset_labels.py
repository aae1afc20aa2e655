"""What a charset label in a mail really means: the codec its sender's software wrote with.

Mailers declare the old, narrow standard and write its vendor superset (Outlook labels CP932
text Shift_JIS, Chinese clients label GBK or GB18030 text GB2312). Reading the superset decodes
every byte the narrow one would, and the rest too: mail clients and the WHATWG Encoding
Standard do the same.
"""

from __future__ import annotations

import codecs

SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}
# Labels Python does not know under the names mailers use.
_ALIASES = {
    "x-gbk": "gbk",
    "x-sjis": "shift_jis",
    "windows-31j": "cp932",
    "x-euc-jp": "euc_jp",
    "windows-874": "cp874",
    "cp50220": "iso2022_jp",
    "cp50221": "iso2022_jp",
    "cp50222": "iso2022_jp",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
}
STATEFUL_SEVEN_BIT = frozenset(
    {"iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_jp_ext", "iso2022_kr", "utf-7", "hz"}
)
"""Codecs whose text is all ASCII bytes: an all-ASCII body can still be one of them."""


def codec_of(label: str | None) -> str | None:
    """The codec to read text labelled `label` with (its superset), None when unknown."""
    if not label:
        return None
    # RFC 2231 allows a language suffix (utf-8*pt-BR); quotes and spaces appear in the wild.
    name = label.split("*", 1)[0].strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        found = codecs.lookup(name).name
    except (LookupError, ValueError):
        return None
    return SUPERSETS.get(found, found)
