"""Languages the customer-facing texts come in."""

from __future__ import annotations

from enum import StrEnum


class Language(StrEnum):
    """A customer-facing language; pt-BR is the default everywhere."""

    PT_BR = "pt-BR"
    EN = "en"

    @classmethod
    def from_tag(cls, tag: str | None) -> Language:
        """Pick the language for a BCP 47 tag or Accept-Language value ("en-US,en;q=0.8")."""
        if not tag:
            return cls.PT_BR
        first = tag.split(",")[0].split(";")[0].strip().lower()
        return cls.EN if first == "en" or first.startswith("en-") else cls.PT_BR
