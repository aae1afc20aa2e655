"""The language a caller asked for: pt-BR unless English is preferred."""

from __future__ import annotations

from helpdesk_contracts.common import Language


def preferred_language(accept_language: str | None) -> Language:
    """English when an `Accept-Language` value (or a bare tag such as `en-US`) prefers it over
    Portuguese, by quality; pt-BR otherwise, including for languages we do not speak."""
    best: tuple[float, Language] = (0.0, "pt-BR")
    for part in (accept_language or "").split(","):
        tag, _, parameters = part.strip().lower().partition(";")
        try:
            quality = float(parameters.strip()[2:]) if parameters.strip()[:2] == "q=" else 1.0
        except ValueError:
            continue
        language: Language | None = "en" if tag.startswith("en") else None
        if tag.startswith("pt") or tag == "*":
            language = "pt-BR"
        if language and quality > best[0]:
            best = (quality, language)
    return best[1]
