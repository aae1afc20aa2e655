"""A conversation's transcript becomes a readable plain-text ticket comment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from chat.domain.language import Language
from chat.domain.transcript import AuthorKind, Transcript, render_transcript

START = datetime(2025, 11, 24, 12, 0, tzinfo=UTC)  # 09:00 in São Paulo


def _conversation() -> Transcript:
    transcript = Transcript()
    for minutes, kind, name, text in [
        (0, AuthorKind.CUSTOMER, "Ana Souza", "Olá"),
        (0, AuthorKind.BOT, "Aya", "Olá! Aqui é Aya."),
        (5, AuthorKind.AGENT, "Carla", "Oi Ana!\nComo posso ajudar?"),
        (2, AuthorKind.SYSTEM, "", "Conversa transferida para Carla"),
    ]:
        transcript = transcript.with_message(
            author_kind=kind,
            author_name=name,
            text=text,
            sent_at=START + timedelta(minutes=minutes),
        )
    return transcript


def test_transcript_renders_every_message_in_time_order_with_roles() -> None:
    assert render_transcript(_conversation()) == "\n".join(
        [
            "Conversa pelo chat",
            "[24/11/2025 09:00] Ana Souza (cliente): Olá",
            "[24/11/2025 09:00] Aya (assistente virtual): Olá! Aqui é Aya.",
            "[24/11/2025 09:02] Sistema: Conversa transferida para Carla",
            "[24/11/2025 09:05] Carla (atendente): Oi Ana!\n    Como posso ajudar?",
        ]
    )


def test_english_transcript_uses_english_roles_and_iso_dates() -> None:
    rendered = render_transcript(_conversation(), language=Language.EN)
    assert rendered.startswith("Chat conversation\n[2025-11-24 09:00] Ana Souza (customer): Olá")
    assert "Carla (agent)" in rendered
    assert "Aya (virtual assistant)" in rendered


def test_adding_a_message_leaves_the_original_transcript_unchanged() -> None:
    original = _conversation()
    longer = original.with_message(
        author_kind=AuthorKind.CUSTOMER, author_name="Ana", text="Obrigada", sent_at=START
    )
    assert len(longer.entries) == len(original.entries) + 1


def test_message_times_must_carry_a_time_zone() -> None:
    with pytest.raises(ValidationError):
        Transcript().with_message(
            author_kind=AuthorKind.BOT, author_name="Aya", text="Oi", sent_at=datetime(2025, 1, 1)
        )
