"""Shortcuts work anywhere; the customer can switch between Portuguese and English."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chat.domain.assistant_actions import RequestHandoff
from chat.domain.conversation import Stage
from chat.domain.language import Language

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


@pytest.mark.parametrize("stage_entry", ["1", "2", "4"])
@pytest.mark.parametrize("shortcut", ["menu", "Menu!", "início", "voltar"])
def test_menu_shortcut_returns_to_the_menu_from_any_step(
    chat: ChatDriver, stage_entry: str, shortcut: str
) -> None:
    chat.identified()
    chat.say(stage_entry)
    turn = chat.say(shortcut)
    assert turn.conversation.stage is Stage.MENU
    assert "Escolha uma opção" in chat.texts(turn)


@pytest.mark.parametrize("shortcut", ["atendente", "Falar com um atendente", "agent", "humano"])
def test_agent_shortcut_requests_a_handoff_from_any_step(chat: ChatDriver, shortcut: str) -> None:
    chat.identified()
    chat.say("2")
    turn = chat.say(shortcut)
    assert isinstance(turn.actions[0], RequestHandoff)


@pytest.mark.parametrize("shortcut", ["menu", "atendente"])
def test_shortcuts_before_identification_ask_for_name_and_email_first(
    chat: ChatDriver, shortcut: str
) -> None:
    chat.start()
    turn = chat.say(shortcut)
    assert turn.actions == ()
    assert "preciso do seu nome e do seu e-mail" in chat.texts(turn)
    assert turn.conversation.stage is Stage.ASKING_NAME


def test_exit_works_before_identification_too(chat: ChatDriver) -> None:
    chat.start()
    assert chat.say("exit").conversation.stage is Stage.ASKING_RATING


def test_a_button_value_is_never_read_as_a_shortcut(chat: ChatDriver) -> None:
    chat.identified()
    turn = chat.choose("sair")
    assert turn.conversation.stage is Stage.MENU
    assert "Não reconheci essa opção." in chat.texts(turn)


def test_switching_to_english_repeats_the_current_question_in_english(chat: ChatDriver) -> None:
    chat.start()
    chat.say("Ana")
    turn = chat.say("English")
    assert turn.conversation.language is Language.EN
    assert chat.texts(turn) == (
        "OK, let's continue in English.\n"
        "Nice to meet you, Ana! What is your email? I will use it to find your tickets."
    )
    welcome = chat.say("ana@exemplo.com.br")
    assert "Security tip" in chat.texts(welcome)
    assert "1. Ask a question" in chat.texts(welcome)


def test_switching_back_to_portuguese(chat: ChatDriver) -> None:
    chat.identified(language=Language.EN)
    turn = chat.say("português")
    assert turn.conversation.language is Language.PT_BR
    assert "vamos continuar em português" in chat.texts(turn)
    assert "1. Tirar uma dúvida" in chat.texts(turn)


def test_language_of_the_page_sets_the_starting_language() -> None:
    assert Language.from_tag("en-US,en;q=0.9,pt;q=0.8") is Language.EN
    assert Language.from_tag("pt-BR,pt;q=0.9") is Language.PT_BR
    assert Language.from_tag(None) is Language.PT_BR
    assert Language.from_tag("fr") is Language.PT_BR


def test_shortcut_words_inside_a_sentence_are_read_as_a_question(chat: ChatDriver) -> None:
    chat.identified()
    turn = chat.say("como falo com um atendente pelo chat?")
    assert turn.actions == ()
    assert turn.replies[0].link == "/kb/pt-BR/falar-com-atendente"
