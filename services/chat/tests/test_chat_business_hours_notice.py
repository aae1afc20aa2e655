"""The outside-hours message tells the announced hours and when support opens next."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from pydantic import ValidationError

from chat.domain.business_hours_notice import OpeningHours, support_hours_notice
from chat.domain.language import Language

MONDAY_9H_SAO_PAULO = datetime(2025, 11, 24, 12, 0, tzinfo=UTC)


def test_portuguese_notice_names_the_hours_and_the_next_opening() -> None:
    notice = support_hours_notice(
        is_open=False, next_opening=MONDAY_9H_SAO_PAULO, language=Language.PT_BR
    )
    assert notice == (
        "Nosso atendimento funciona de segunda a sexta, das 9h às 18h. "
        "Abriremos segunda-feira, 24/11, às 09:00."
    )


def test_english_notice_names_the_hours_and_the_next_opening() -> None:
    notice = support_hours_notice(
        is_open=False, next_opening=MONDAY_9H_SAO_PAULO, language=Language.EN
    )
    assert notice == (
        "Our support hours are Monday to Friday, 9 AM to 6 PM. "
        "We will open again on Monday, November 24, at 9:00 AM."
    )


@pytest.mark.parametrize(
    ("now", "portuguese", "english"),
    [
        (
            datetime(2025, 11, 24, 10, 0, tzinfo=UTC),
            "Abriremos hoje, às 09:00.",
            "today at 9:00 AM",
        ),
        (
            datetime(2025, 11, 23, 22, 0, tzinfo=UTC),
            "Abriremos amanhã, segunda-feira, 24/11, às 09:00.",
            "tomorrow, Monday, November 24, at 9:00 AM",
        ),
    ],
)
def test_today_and_tomorrow_are_named_in_the_support_time_zone(
    now: datetime, portuguese: str, english: str
) -> None:
    def notice(language: Language) -> str:
        return support_hours_notice(
            is_open=False, next_opening=MONDAY_9H_SAO_PAULO, language=language, now=now
        )

    assert notice(Language.PT_BR).endswith(portuguese)
    assert english in notice(Language.EN)


def test_custom_hours_with_minutes_are_written_the_local_way() -> None:
    hours = OpeningHours(first_weekday=0, last_weekday=5, opens=time(8, 30), closes=time(13, 30))
    pt = support_hours_notice(is_open=True, next_opening=None, language=Language.PT_BR, hours=hours)
    en = support_hours_notice(is_open=True, next_opening=None, language=Language.EN, hours=hours)
    assert pt == "Nosso atendimento está aberto agora (de segunda a sábado, das 8h30 às 13h30)."
    assert en == "Our support is open now (Monday to Saturday, 8:30 AM to 1:30 PM)."


def test_opening_hours_must_open_before_they_close() -> None:
    with pytest.raises(ValidationError):
        OpeningHours(opens=time(18), closes=time(9))
