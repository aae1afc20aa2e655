"""Talking to an agent: queue position inside hours; outside hours, an offer to open a ticket."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from chat.domain.action_results import (
    AgentJoined,
    HandoffQueued,
    NoAgentOnline,
    QueuePositionChanged,
    SupportClosed,
    TicketOpened,
)
from chat.domain.assistant_actions import LeaveQueue, OpenTicket, RequestHandoff
from chat.domain.conversation import Stage
from chat.domain.language import Language

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver

SATURDAY_EVENING = datetime(2025, 11, 22, 21, 0, tzinfo=UTC)
MONDAY_OPENING = datetime(2025, 11, 24, 12, 0, tzinfo=UTC)  # 09:00 in São Paulo


def test_agent_option_asks_the_app_for_a_handoff(chat: ChatDriver) -> None:
    chat.identified()
    turn = chat.say("3")
    assert turn.actions == (
        RequestHandoff(
            customer_name="Ana Souza", customer_email="ana@exemplo.com.br", language=Language.PT_BR
        ),
    )
    assert turn.conversation.stage is Stage.REQUESTING_AGENT


def test_inside_hours_the_customer_sees_their_queue_position(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    queued = chat.report(HandoffQueued(position=3))
    assert "na posição 3" in chat.texts(queued)
    moved = chat.report(QueuePositionChanged(position=1))
    assert "Sua posição na fila agora é 1." in chat.texts(moved)
    assert moved.conversation.queue_position == 1


def test_agent_joining_takes_over_and_the_bot_goes_quiet(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(HandoffQueued(position=1))
    joined = chat.report(AgentJoined(agent_name="Carla"))
    assert "Carla entrou na conversa" in chat.texts(joined)
    assert joined.conversation.stage is Stage.WITH_AGENT
    for message in ("oi Carla, meu boleto não chegou", "menu", "atendente"):
        turn = chat.say(message)
        assert turn.replies == ()
        assert turn.actions == ()
        assert turn.conversation.stage is Stage.WITH_AGENT


def test_outside_hours_says_when_support_opens_and_offers_a_ticket(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("atendente")
    turn = chat.report(SupportClosed(next_opening=MONDAY_OPENING, checked_at=SATURDAY_EVENING))
    notice, offer = turn.replies
    assert notice.text == (
        "Nosso atendimento funciona de segunda a sexta, das 9h às 18h. "
        "Abriremos segunda-feira, 24/11, às 09:00."
    )
    assert "abrir um chamado com esta conversa" in offer.text
    assert turn.conversation.stage is Stage.OFFERING_TICKET


def test_accepting_the_offer_opens_a_ticket_with_the_description(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(SupportClosed(next_opening=MONDAY_OPENING))
    asked = chat.say("sim")
    assert "Descreva em poucas palavras" in chat.texts(asked)
    turn = chat.say("O boleto de março não chegou")
    assert turn.actions == (
        OpenTicket(
            description="O boleto de março não chegou",
            requester_name="Ana Souza",
            requester_email="ana@exemplo.com.br",
            language=Language.PT_BR,
        ),
    )
    opened = chat.report(TicketOpened(number="100042"))
    assert "Abrimos o chamado nº 100042" in chat.texts(opened)
    assert "ana@exemplo.com.br" in chat.texts(opened)
    assert opened.conversation.opened_tickets == ("100042",)
    assert opened.conversation.stage is Stage.MENU


def test_a_second_ticket_asked_in_the_same_chat_is_added_to_its_ticket(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("4")
    chat.say("O boleto de março não chegou")
    chat.report(TicketOpened(number="100042"))
    chat.say("4")
    chat.say("E o de abril também não")
    again = chat.report(TicketOpened(number="100042"))
    assert "Registrei isso no chamado nº 100042" in chat.texts(again)
    assert again.conversation.opened_tickets == ("100042",)
    assert again.conversation.stage is Stage.MENU


def test_nobody_online_also_offers_a_ticket(chat: ChatDriver) -> None:
    chat.identified(language=Language.EN)
    chat.say("agent")
    turn = chat.report(NoAgentOnline())
    assert "No agent is available right now." in chat.texts(turn)
    declined = chat.say("no")
    assert declined.actions == ()
    assert declined.conversation.stage is Stage.MENU


def test_menu_while_queued_leaves_the_queue(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(HandoffQueued(position=2))
    turn = chat.say("menu")
    assert turn.actions == (LeaveQueue(),)
    assert turn.conversation.stage is Stage.MENU
    assert chat.report(AgentJoined(agent_name="Carla")).replies == ()


def test_menu_before_the_queue_answers_also_leaves_the_queue(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    assert chat.say("menu").actions == (LeaveQueue(),)
    assert chat.report(HandoffQueued(position=1)).replies == ()


def test_asking_again_while_queued_repeats_the_position(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(HandoffQueued(position=2))
    turn = chat.say("atendente")
    assert turn.actions == ()
    assert "Você já está na fila, na posição 2." in chat.texts(turn)


def test_ticket_from_the_menu_asks_for_a_usable_description(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("4")
    too_short = chat.say("ai")
    assert too_short.actions == ()
    assert "Preciso de uma descrição com 5 a 2000 caracteres." in chat.texts(too_short)
    turn = chat.say("Não consigo acessar minha conta")
    assert isinstance(turn.actions[0], OpenTicket)
