"""Either side ends the chat; the customer rates it from 1 to 5."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chat.domain.action_results import AgentEnded, AgentJoined, HandoffQueued, TranscriptFiled
from chat.domain.assistant_actions import EndChat, RecordRating
from chat.domain.conversation import Stage
from chat.domain.transcript import AuthorKind

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


def test_customer_ending_the_chat_is_asked_for_a_rating(chat: ChatDriver) -> None:
    chat.identified()
    turn = chat.say("Sair")
    assert turn.actions == (EndChat(ended_by=AuthorKind.CUSTOMER),)
    assert "de 1 a 5" in chat.texts(turn)
    assert [choice.value for choice in turn.replies[-1].choices] == ["1", "2", "3", "4", "5"]
    assert turn.conversation.stage is Stage.ASKING_RATING


@pytest.mark.parametrize(
    ("answer", "score"),
    [("5", 5), ("1", 1), (" nota 4 ", 4), ("três", 3), ("2 estrelas", 2), ("⭐⭐⭐⭐", 4)],
)
def test_rating_from_1_to_5_is_recorded(chat: ChatDriver, answer: str, score: int) -> None:
    chat.identified()
    chat.say("sair")
    turn = chat.say(answer)
    assert turn.actions == (RecordRating(score=score),)
    assert turn.conversation.rating == score
    assert turn.conversation.stage is Stage.ENDED
    assert "Agradecemos a sua avaliação" in chat.texts(turn)


@pytest.mark.parametrize("answer", ["0", "6", "10", "3.5", "4 ou 5", "ótimo", "", "menu"])
def test_anything_but_a_score_from_1_to_5_is_asked_again(chat: ChatDriver, answer: str) -> None:
    chat.identified()
    chat.say("sair")
    turn = chat.say(answer)
    assert turn.actions == ()
    assert turn.conversation.rating is None
    assert turn.conversation.stage is Stage.ASKING_RATING


def test_rating_button_is_accepted(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("exit")
    assert chat.choose("5").actions == (RecordRating(score=5),)


def test_leaving_again_skips_the_rating(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("sair")
    turn = chat.say("tchau")
    assert turn.actions == ()
    assert turn.conversation.stage is Stage.ENDED
    assert "Conversa encerrada" in chat.texts(turn)


def test_agent_ending_the_chat_also_asks_for_a_rating(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(HandoffQueued(position=1))
    chat.report(AgentJoined(agent_name="Carla"))
    turn = chat.report(AgentEnded())
    assert "Carla encerrou a conversa." in chat.texts(turn)
    assert turn.actions == (EndChat(ended_by=AuthorKind.AGENT),)
    assert turn.conversation.ended_by is AuthorKind.AGENT
    assert chat.report(AgentEnded()).actions == ()


def test_customer_can_leave_while_talking_to_an_agent(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(AgentJoined(agent_name="Carla"))
    assert chat.say("sair").actions == (EndChat(ended_by=AuthorKind.CUSTOMER),)


def test_ended_conversation_only_says_it_has_ended(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("sair")
    chat.say("5")
    for message in ("olá?", "menu", "atendente", "1"):
        turn = chat.say(message)
        assert turn.actions == ()
        assert "Esta conversa foi encerrada" in chat.texts(turn)


def test_customer_is_told_which_ticket_records_the_conversation(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("sair")
    chat.say("5")
    turn = chat.report(TranscriptFiled(number="100077"))
    assert "registrada no chamado nº 100077" in chat.texts(turn)
    assert turn.conversation.transcript_ticket == "100077"
