"""Every text the assistant says exists in pt-BR and English with the same placeholders."""

from __future__ import annotations

from string import Formatter

from chat.domain.language import Language
from chat.domain.messages import MONTHS, WEEKDAYS, WEEKDAYS_IN_RANGES, Text, say


def _placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in Formatter().parse(template) if field}


def test_every_text_has_both_languages_with_the_same_placeholders() -> None:
    for text in Text:
        portuguese, english = text.value
        assert portuguese.strip()
        assert english.strip()
        assert _placeholders(portuguese) == _placeholders(english), text.name


def test_portuguese_is_the_first_translation_and_english_the_second() -> None:
    assert say(Text.YES, Language.PT_BR) == "Sim"
    assert say(Text.YES, Language.EN) == "Yes"
    assert say(Text.QUEUED, Language.EN, position=2).startswith("You are in the support queue")


def test_calendar_names_cover_every_day_and_month() -> None:
    for language in Language:
        assert len(WEEKDAYS[language]) == len(WEEKDAYS_IN_RANGES[language]) == 7
        assert len(MONTHS[language]) == 12
