"""Questions are answered from the knowledge base, with a link and "did this help?"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chat.domain.assistant_actions import RequestHandoff
from chat.domain.conversation import ArticleFeedback, Stage
from chat.domain.language import Language

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


def test_question_is_answered_with_the_article_and_its_link(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("1")
    turn = chat.say("Como faço pra reabrir meu chamado?")
    answer, follow_up = turn.replies
    assert "abrimos outro chamado ligado ao anterior" in answer.text
    assert answer.link == "/kb/pt-BR/reabrir-chamado"
    assert "/kb/pt-BR/reabrir-chamado" in answer.text
    assert follow_up.text == "Isso ajudou?"
    assert [choice.value for choice in follow_up.choices] == ["yes", "no"]
    assert turn.conversation.stage is Stage.AWAITING_FEEDBACK


def test_helpful_answer_is_recorded_and_the_menu_comes_back(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("1")
    chat.say("qual o horário de atendimento?")
    turn = chat.choose("yes")
    assert turn.conversation.feedback == (
        ArticleFeedback(
            question="qual o horário de atendimento?",
            article_slug="horario-de-atendimento",
            language=Language.PT_BR,
            helpful=True,
        ),
    )
    assert "Que bom que ajudou!" in chat.texts(turn)
    assert turn.conversation.stage is Stage.MENU


def test_unhelpful_answer_is_recorded_and_an_agent_is_suggested(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("1")
    chat.say("como anexar arquivo")
    turn = chat.say("não ajudou")
    assert turn.conversation.feedback[0].helpful is False
    assert "falar com um atendente" in chat.texts(turn)


def test_a_new_question_instead_of_feedback_is_answered(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("1")
    chat.say("como anexar arquivo")
    turn = chat.say("e como eu denuncio um email de phishing?")
    assert turn.replies[0].link == "/kb/pt-BR/golpes-e-phishing"
    assert turn.conversation.feedback == ()


def test_question_typed_at_the_menu_is_answered_directly(chat: ChatDriver) -> None:
    chat.identified()
    turn = chat.say("o que significa aguardando sua resposta?")
    assert turn.replies[0].link == "/kb/pt-BR/status-do-chamado"


def test_unanswerable_question_says_so_and_offers_an_agent(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("1")
    turn = chat.say("receita de bolo de chocolate")
    assert "Não encontrei um artigo" in chat.texts(turn)
    assert "Quer falar com um atendente?" in chat.texts(turn)
    assert turn.conversation.stage is Stage.OFFERING_AGENT
    accepted = chat.choose("yes")
    assert accepted.actions == (
        RequestHandoff(
            customer_name="Ana Souza", customer_email="ana@exemplo.com.br", language=Language.PT_BR
        ),
    )


def test_declining_the_agent_goes_back_to_the_menu(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("1")
    chat.say("receita de bolo de chocolate")
    turn = chat.say("não")
    assert turn.actions == ()
    assert turn.conversation.stage is Stage.MENU


def test_english_conversation_answers_from_english_articles(chat: ChatDriver) -> None:
    chat.identified(language=Language.EN)
    chat.choose("1")
    turn = chat.say("what are your business hours?")
    assert turn.replies[0].link == "/kb/en/business-hours"
    assert "Read more in “Business hours”" in turn.replies[0].text
    assert turn.replies[1].text == "Did this help?"


def test_unknown_menu_button_is_refused_with_the_menu_again(chat: ChatDriver) -> None:
    chat.identified()
    turn = chat.choose("9")
    assert "Não reconheci essa opção." in chat.texts(turn)
    assert turn.conversation.stage is Stage.MENU
