"""The assistant greets, learns the customer's name and email, then shows tip and menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chat.domain.assistant import start_conversation
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.conversation import Stage
from chat.domain.language import Language

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


def test_new_conversation_greets_with_the_assistant_name_and_asks_the_name(
    chat: ChatDriver,
) -> None:
    turn = chat.start()
    assert "Aya" in chat.texts(turn)
    assert "como posso te chamar" in chat.texts(turn)
    assert turn.conversation.stage is Stage.ASKING_NAME


def test_assistant_name_is_configurable(profile: AssistantProfile) -> None:
    renamed = AssistantProfile(knowledge=profile.knowledge, name="Lia")
    assert "Aqui é Lia" in start_conversation(renamed).replies[0].text


def test_name_is_kept_and_the_email_is_asked_for_by_first_name(chat: ChatDriver) -> None:
    chat.start()
    turn = chat.say("meu nome é ana souza")
    assert turn.conversation.customer_name == "Ana Souza"
    assert "Prazer, Ana!" in chat.texts(turn)
    assert turn.conversation.stage is Stage.ASKING_EMAIL


@pytest.mark.parametrize("not_a_name", ["", "   ", "12345", "ana@exemplo.com", "?!"])
def test_something_that_is_not_a_name_is_asked_again(chat: ChatDriver, not_a_name: str) -> None:
    chat.start()
    turn = chat.say(not_a_name)
    assert turn.conversation.stage is Stage.ASKING_NAME
    assert "digitá-lo de novo" in chat.texts(turn)


@pytest.mark.parametrize(
    ("typed", "language", "answer"),
    [
        ("Como vejo meus chamados?", Language.PT_BR, "Antes, me diga só o seu nome"),
        ("quero falar com atendente", Language.PT_BR, "Antes, me diga só o seu nome"),
        ("o que significa o numero de protocolo", Language.PT_BR, "Antes, me diga só o seu nome"),
        ("Estou com problema no meu pedido", Language.PT_BR, "Antes, me diga só o seu nome"),
        ("oi", Language.PT_BR, "Olá! Como posso te chamar?"),
        ("Bom dia!", Language.PT_BR, "Olá! Como posso te chamar?"),
        ("How do I see my tickets?", Language.EN, "First, just tell me your name"),
        ("I want to talk to an agent", Language.EN, "First, just tell me your name"),
        ("hello", Language.EN, "What should I call you?"),
    ],
)
def test_a_question_or_greeting_at_the_name_step_is_not_taken_as_a_name(
    chat: ChatDriver, typed: str, language: Language, answer: str
) -> None:
    chat.start(language=language)
    turn = chat.say(typed)
    assert turn.conversation.stage is Stage.ASKING_NAME
    assert turn.conversation.customer_name is None
    assert answer in chat.texts(turn)
    assert "Prazer" not in chat.texts(turn)


@pytest.mark.parametrize(
    ("typed", "name"),
    [
        ("Oi, sou a Ana", "Ana"),
        ("olá, meu nome é joão silva", "João Silva"),
        ("Hi, I am Liam", "Liam"),
        ("Maria da Silva Santos", "Maria da Silva Santos"),
        ("Olavo Bilac", "Olavo Bilac"),
    ],
)
def test_a_name_after_a_greeting_or_with_an_article_is_kept(
    chat: ChatDriver, typed: str, name: str
) -> None:
    chat.start()
    assert chat.say(typed).conversation.customer_name == name


@pytest.mark.parametrize("invalid", ["ana", "ana@", "ana@exemplo", "ana @exemplo.com", "a@b@c.com"])
def test_invalid_email_is_asked_again_politely(chat: ChatDriver, invalid: str) -> None:
    chat.start()
    chat.say("Ana")
    turn = chat.say(invalid)
    assert turn.conversation.stage is Stage.ASKING_EMAIL
    assert turn.conversation.customer_email is None
    assert "não parece um e-mail válido" in chat.texts(turn)
    assert "Pode conferir" in chat.texts(turn)


def test_valid_email_leads_to_welcome_security_tip_and_menu(chat: ChatDriver) -> None:
    chat.start()
    chat.say("Ana")
    turn = chat.say("Meu e-mail é Ana.Souza@Exemplo.com.br")
    said = chat.texts(turn)
    assert turn.conversation.customer_email == "Ana.Souza@exemplo.com.br"
    assert turn.conversation.stage is Stage.MENU
    assert "Tudo certo, Ana!" in said
    assert "nunca compartilhe senhas ou códigos de verificação" in said
    assert [choice.value for choice in turn.replies[-1].choices] == ["1", "2", "3", "4"]
    for option in ("1. Tirar uma dúvida", "2. Ver o status", "3. Falar com", "4. Abrir"):
        assert option in said


def test_customer_known_to_the_page_goes_straight_to_the_menu(chat: ChatDriver) -> None:
    turn = chat.start(customer_name="Bob", customer_email="bob@example.com", language=Language.EN)
    assert turn.conversation.stage is Stage.MENU
    assert "All set, Bob!" in chat.texts(turn)
    assert "never share passwords or verification codes" in chat.texts(turn)


def test_known_name_with_a_bad_email_still_asks_for_the_email(chat: ChatDriver) -> None:
    turn = chat.start(customer_name="Bob", customer_email="bob@")
    assert turn.conversation.stage is Stage.ASKING_EMAIL
    assert "Prazer, Bob!" in chat.texts(turn)
