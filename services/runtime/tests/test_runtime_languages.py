"""Which language a caller is answered in: pt-BR unless English is preferred."""

from __future__ import annotations

import pytest

from helpdesk_runtime.languages import preferred_language


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "pt-BR"),
        ("", "pt-BR"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("pt-BR,pt;q=0.9,en;q=0.8", "pt-BR"),
        ("pt;q=0.5,en-GB;q=0.9", "en"),
        ("fr", "pt-BR"),
        ("fr,en;q=0.4", "en"),
        ("en;q=bad,pt", "pt-BR"),
    ],
)
def test_english_only_when_the_caller_prefers_it(header: str | None, language: str) -> None:
    assert preferred_language(header) == language
