"""Text shown to people in the two languages the helpdesk speaks (pt-BR by default, English)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Localized:
    """One human message in pt-BR and in English."""

    pt_br: str
    en: str

    def in_language(self, language: str | None) -> str:
        """The message for an `Accept-Language`-style tag; anything not English gets pt-BR."""
        if language and language.strip().lower().startswith("en"):
            return self.en
        return self.pt_br
