"""Characters the conversation store cannot keep, removed at the door.

A NUL (U+0000) is refused by the database server (PostgreSQL-backed stand-ins) and a lone UTF-16
surrogate cannot be encoded as UTF-8 at all: a message carrying either would fail to store on
every try. They carry no meaning a reader could see, so they are dropped and the customer is told.
"""

from __future__ import annotations

import re

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """The text without the characters the store refuses."""
    return _UNSTORABLE.sub("", text)


def has_unstorable(text: str) -> bool:
    """Whether `storable` would change the text."""
    return _UNSTORABLE.search(text) is not None
