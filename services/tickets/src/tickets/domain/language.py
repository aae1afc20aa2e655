"""Text shown to people in the two languages the helpdesk speaks (pt-BR by default, English)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from helpdesk_runtime.languages import preferred_language

LanguageTag = Literal["pt-BR", "en"]
"""A language a person chose for what we send them."""


@dataclass(frozen=True, slots=True)
class Localized:
    """One human message in pt-BR and in English."""

    pt_br: str
    en: str

    def in_language(self, language: str | None) -> str:
        """The message for an `Accept-Language`-style tag; anything not English gets pt-BR."""
        return self.en if preferred_language(language) == "en" else self.pt_br
