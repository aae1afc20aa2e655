"""Ticket status by protocol number, shown only when the chat's email is the requester."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chat.domain.action_results import ActionFailed, TicketFound, TicketNotFound, TicketStatus
from chat.domain.assistant_actions import LookUpTicket
from chat.domain.conversation import Stage
from chat.domain.language import Language

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


def _asking_for_ticket(chat: ChatDriver, number: str = "#123456") -> None:
    chat.identified()
    chat.say("2")
    chat.say(number)


def test_protocol_number_is_asked_and_looked_up_with_the_chat_email(chat: ChatDriver) -> None:
    chat.identified()
    asked = chat.say("2")
    assert "número do protocolo" in chat.texts(asked)
    turn = chat.say("o protocolo é nº 123456")
    assert turn.actions == (LookUpTicket(number="123456", requester_email="ana@exemplo.com.br"),)
    assert turn.conversation.stage is Stage.LOOKING_UP_TICKET


@pytest.mark.parametrize(
    ("status", "label", "meaning"),
    [
        (TicketStatus.WAITING, "Em espera", "aguarda um atendente"),
        (TicketStatus.IN_PROGRESS, "Em andamento", "Um atendente está cuidando dele"),
        (TicketStatus.AWAITING_YOUR_REPLY, "Aguardando sua resposta", "responda ao último"),
        (TicketStatus.RESOLVED, "Resolvido", "reabri-lo"),
    ],
)
def test_requester_sees_the_status_of_their_ticket(
    chat: ChatDriver, status: TicketStatus, label: str, meaning: str
) -> None:
    _asking_for_ticket(chat)
    turn = chat.report(
        TicketFound(number="123456", status=status, requester_email="ANA@exemplo.com.br")
    )
    said = chat.texts(turn)
    assert f"Status do chamado nº 123456: {label}." in said
    assert meaning in said
    assert turn.conversation.stage is Stage.MENU


def test_someone_elses_ticket_gets_the_same_answer_as_a_missing_one(chat: ChatDriver) -> None:
    _asking_for_ticket(chat)
    other = chat.report(
        TicketFound(number="123456", status=TicketStatus.RESOLVED, requester_email="bob@x.com")
    )
    _asking_for_ticket(chat)
    missing = chat.report(TicketNotFound(number="123456"))
    assert chat.texts(other) == chat.texts(missing)
    assert "Não encontrei o chamado 123456" in chat.texts(other)
    assert "Resolvido" not in chat.texts(other)


def test_unreadable_protocol_number_is_asked_again(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("2")
    turn = chat.say("não sei")
    assert turn.actions == ()
    assert "Não reconheci esse número" in chat.texts(turn)
    assert turn.conversation.stage is Stage.ASKING_PROTOCOL


def test_messages_while_looking_up_get_a_please_wait(chat: ChatDriver) -> None:
    _asking_for_ticket(chat)
    assert "Um instante" in chat.texts(chat.say("e aí?"))


def test_result_for_a_lookup_the_customer_abandoned_is_ignored(chat: ChatDriver) -> None:
    _asking_for_ticket(chat)
    chat.say("menu")
    turn = chat.report(
        TicketFound(
            number="123456", status=TicketStatus.WAITING, requester_email="ana@exemplo.com.br"
        )
    )
    assert turn.replies == ()
    assert turn.conversation.stage is Stage.MENU


def test_failed_lookup_apologises_and_shows_the_menu(chat: ChatDriver) -> None:
    _asking_for_ticket(chat)
    turn = chat.report(ActionFailed())
    assert "Tente de novo" in chat.texts(turn)
    assert turn.conversation.stage is Stage.MENU


def test_status_is_given_in_english_for_an_english_conversation(chat: ChatDriver) -> None:
    chat.identified(language=Language.EN)
    chat.say("2")
    chat.say("2024-000123")
    turn = chat.report(
        TicketFound(
            number="2024-000123",
            status=TicketStatus.IN_PROGRESS,
            requester_email="ana@exemplo.com.br",
        )
    )
    assert "Ticket #2024-000123 status: In progress." in chat.texts(turn)
