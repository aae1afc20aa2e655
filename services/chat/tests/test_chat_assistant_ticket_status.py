"""Ticket status by protocol number, shown only when the chat's email is the requester and the
customer proved it (a code emailed to it, typed back)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from chat.domain.action_results import (
    ActionFailed,
    CodeAccepted,
    CodeRefusal,
    CodeRefused,
    CodeSent,
    TicketFound,
    TicketNotFound,
    TicketStatus,
)
from chat.domain.assistant_actions import CheckEmailCode, LookUpTicket, SendEmailCode
from chat.domain.conversation import Stage
from chat.domain.language import Language
from chat.domain.ticket_status_flow import show_ticket

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


EMAIL = "ana@exemplo.com.br"


def _prove_email(chat: ChatDriver) -> None:
    chat.report(CodeSent(email=EMAIL))
    chat.say("123 456")
    chat.report(CodeAccepted(email=EMAIL))


def _asking_for_ticket(chat: ChatDriver, number: str = "#123456") -> None:
    chat.identified()
    chat.say("2")
    chat.say(number)
    _prove_email(chat)


def test_typing_the_requesters_email_gets_a_code_not_the_status(chat: ChatDriver) -> None:
    chat.identified()
    asked = chat.say("2")
    assert "número do protocolo" in chat.texts(asked)
    turn = chat.say("o protocolo é nº 123456")
    assert turn.actions == (SendEmailCode(email=EMAIL),)
    assert turn.conversation.stage is Stage.ASKING_CODE
    sent = chat.report(CodeSent(email=EMAIL))
    assert f"enviei um código de 6 dígitos para {EMAIL}" in chat.texts(sent)
    assert not any(isinstance(action, LookUpTicket) for action in sent.actions)


def test_the_code_typed_back_is_checked_and_then_the_ticket_is_looked_up(
    chat: ChatDriver,
) -> None:
    chat.identified()
    chat.say("2")
    chat.say("123456")
    chat.report(CodeSent(email=EMAIL))
    typed = chat.say("meu código é 654 321")
    assert typed.actions == (CheckEmailCode(code="654321"),)
    proven = chat.report(CodeAccepted(email=EMAIL))
    assert proven.actions == (LookUpTicket(number="123456", requester_email=EMAIL),)
    assert proven.conversation.stage is Stage.LOOKING_UP_TICKET


def test_a_wrong_code_shows_no_status_and_may_be_typed_again(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("2")
    chat.say("123456")
    chat.report(CodeSent(email=EMAIL))
    chat.say("000000")
    wrong = chat.report(CodeRefused(reason=CodeRefusal.WRONG))
    assert "não confere" in chat.texts(wrong)
    assert wrong.conversation.stage is Stage.ASKING_CODE
    assert "Status do chamado" not in chat.texts(wrong)
    spent = chat.report(CodeRefused(reason=CodeRefusal.EXPIRED))
    assert "não vale mais" in chat.texts(spent)
    assert spent.conversation.stage is Stage.MENU


def test_a_status_result_without_proof_is_not_shown(chat: ChatDriver) -> None:
    chat.identified()
    unproven = chat.conversation.model_copy(
        update={"stage": Stage.LOOKING_UP_TICKET, "protocol_number": "123456"}
    )
    found = TicketFound(number="123456", status=TicketStatus.RESOLVED, requester_email=EMAIL)
    turn = show_ticket(unproven, found)
    assert "Resolvido" not in chat.texts(turn)
    assert "Não encontrei o chamado 123456" in chat.texts(turn)


def test_a_proven_address_is_not_asked_again_in_the_same_conversation(chat: ChatDriver) -> None:
    _asking_for_ticket(chat)
    chat.report(TicketNotFound(number="123456"))
    chat.say("2")
    again = chat.say("654321")
    assert again.actions == (LookUpTicket(number="654321", requester_email=EMAIL),)


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
    _prove_email(chat)
    turn = chat.report(
        TicketFound(
            number="2024-000123",
            status=TicketStatus.IN_PROGRESS,
            requester_email="ana@exemplo.com.br",
        )
    )
    assert "Ticket #2024-000123 status: In progress." in chat.texts(turn)
