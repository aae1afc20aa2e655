from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

from tickets.domain.conversation import add_customer_comment, add_internal_note, add_public_reply
from tickets.domain.errors import CommentNotAccepted
from tickets.domain.events import CommentAdded, TicketCreated, TicketStatusChanged
from tickets.domain.model import Actor, AuthorKind, Channel, Ticket, Visibility
from tickets.domain.opening import InboundMessage, open_ticket
from tickets.domain.status import TicketStatus

TicketFactory = Callable[..., Ticket]
MessageFactory = Callable[..., InboundMessage]
S = TicketStatus
AGENT = Actor(kind=AuthorKind.AGENT, id="agent-bia")
BOT = Actor(kind=AuthorKind.BOT, id="assistente")


def test_inbound_message_opens_a_new_ticket_with_the_message_as_first_comment(
    message: MessageFactory, t0: datetime
) -> None:
    inbound = message(source_event_id="evt-1", message_id="abc@mail.example")
    outcome = open_ticket(inbound, number=100000, now=t0)
    opened = outcome.ticket
    assert (opened.number, opened.status, opened.requester_id) == (100000, S.NEW, "contact-ana")
    assert opened.priority.value == "P3"
    assert [type(e) for e in outcome.events] == [TicketCreated, CommentAdded]
    [first] = opened.comments
    assert first.author.kind is AuthorKind.CUSTOMER
    assert first.is_public
    assert first.source_event_id == "evt-1"
    assert first.message_id == "abc@mail.example"
    assert opened.has_applied("evt-1")
    created = outcome.events[0]
    assert isinstance(created, TicketCreated)
    assert created.inbound_id == "evt-1"
    assert created.actor.kind is AuthorKind.CUSTOMER


def test_phone_ticket_first_comment_is_the_agents(message: MessageFactory, t0: datetime) -> None:
    call = message(channel=Channel.PHONE, text="Cliente ligou: sem acesso ao portal.")
    opened = open_ticket(call, number=100001, now=t0, opened_by=AGENT).ticket
    assert opened.channel is Channel.PHONE
    assert opened.comments[0].author == AGENT
    assert opened.requester_id == "contact-ana"


def test_a_whatsapp_ticket_is_titled_by_the_customers_first_line(
    message: MessageFactory, t0: datetime
) -> None:
    text = "\n  Meu pedido 4521 não chegou  \nJá faz uma semana, podem verificar?"
    whatsapp = message(channel=Channel.WHATSAPP, subject="", text=text)
    opened = open_ticket(whatsapp, number=100002, now=t0)
    assert opened.ticket.subject == "Meu pedido 4521 não chegou"
    assert opened.events[0].subject == "Meu pedido 4521 não chegou"  # what notify's e-mails use


def test_a_message_with_neither_subject_nor_words_gets_a_placeholder(
    message: MessageFactory, t0: datetime
) -> None:
    opened = open_ticket(message(subject="  ", text=" \n "), number=100002, now=t0).ticket
    assert opened.subject == "(sem assunto)"


@pytest.mark.parametrize("status", [S.NEW, S.OPEN, S.ON_HOLD])
def test_customer_comment_is_accepted_while_the_ticket_is_in_progress(
    ticket: TicketFactory, message: MessageFactory, t0: datetime, status: S
) -> None:
    later = t0 + timedelta(hours=2)
    outcome = add_customer_comment(
        ticket(status=status), message(text="Alguma novidade?", received_at=later), now=later
    )
    assert outcome.ticket.status is status
    assert outcome.ticket.comments[-1].body == "Alguma novidade?"
    assert outcome.ticket.last_activity_at == later
    assert [type(e) for e in outcome.events] == [CommentAdded]


def test_customer_answer_on_pending_ticket_moves_it_back_to_open(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    outcome = add_customer_comment(ticket(status=S.PENDING), message(text="Segue o CPF."), now=t0)
    assert outcome.ticket.status is S.OPEN
    assert outcome.ticket.version == 2
    status_event = outcome.events[1]
    assert isinstance(status_event, TicketStatusChanged)
    assert status_event.actor.kind is AuthorKind.CUSTOMER


@pytest.mark.parametrize(
    ("status", "pt_br", "en"),
    [
        (S.RESOLVED, "já foi resolvido", "already resolved"),
        (S.CLOSED, "está finalizado", "is closed"),
        (S.MERGED, "unificado ao chamado nº 100001", "merged into ticket #100001"),
    ],
)
def test_customer_comment_on_finished_ticket_is_refused_with_the_reason(
    ticket: TicketFactory, message: MessageFactory, t0: datetime, status: S, pt_br: str, en: str
) -> None:
    with pytest.raises(CommentNotAccepted) as refused:
        add_customer_comment(ticket(status=status), message(), now=t0)
    assert pt_br in refused.value.reason.in_language("pt-BR")
    assert en in refused.value.reason.in_language("en-US")
    assert refused.value.http_status == 409


def test_the_same_inbound_event_applied_twice_adds_one_comment(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    inbound = message(source_event_id="evt-7")
    once = add_customer_comment(ticket(status=S.OPEN), inbound, now=t0)
    twice = add_customer_comment(once.ticket, inbound, now=t0)
    assert twice.ticket is once.ticket
    assert not twice.changed


def test_first_agent_reply_sets_first_response_and_opens_a_new_ticket(
    ticket: TicketFactory, t0: datetime
) -> None:
    first_at, second_at = t0 + timedelta(minutes=30), t0 + timedelta(hours=3)
    first = add_public_reply(
        ticket(), author=AGENT, body="Olá!", channel=Channel.EMAIL, now=first_at
    )
    assert first.ticket.first_response_at == first_at
    assert first.ticket.status is S.OPEN
    second = add_public_reply(
        first.ticket, author=AGENT, body="Resolvendo", channel=Channel.EMAIL, now=second_at
    )
    assert second.ticket.first_response_at == first_at
    flags = [
        e.first_response for e in (*first.events, *second.events) if isinstance(e, CommentAdded)
    ]
    assert flags == [True, False]


def test_bot_reply_does_not_count_as_first_response(ticket: TicketFactory, t0: datetime) -> None:
    outcome = add_public_reply(ticket(), author=BOT, body="Oi!", channel=Channel.CHAT, now=t0)
    assert outcome.ticket.first_response_at is None
    assert outcome.ticket.status is S.NEW


def test_agent_reply_can_ask_the_customer_and_wait(ticket: TicketFactory, t0: datetime) -> None:
    outcome = add_public_reply(
        ticket(status=S.OPEN),
        author=AGENT,
        body="Pode enviar o CPF?",
        channel=Channel.EMAIL,
        now=t0,
        set_status=S.PENDING,
    )
    assert outcome.ticket.status is S.PENDING
    assert [e.name for e in outcome.events] == ["ticket.comment_added", "ticket.status_changed"]


@pytest.mark.parametrize("status", [S.CLOSED, S.MERGED])
def test_public_reply_on_closed_or_merged_ticket_is_refused(
    ticket: TicketFactory, t0: datetime, status: S
) -> None:
    with pytest.raises(CommentNotAccepted):
        add_public_reply(
            ticket(status=status), author=AGENT, body="Oi", channel=Channel.EMAIL, now=t0
        )


def test_internal_note_is_not_customer_activity(ticket: TicketFactory, t0: datetime) -> None:
    before = ticket(status=S.ON_HOLD)
    later = t0 + timedelta(hours=1)
    outcome = add_internal_note(before, author=AGENT, body="Aguardando financeiro", now=later)
    note = outcome.ticket.comments[-1]
    assert note.visibility is Visibility.INTERNAL
    assert note.channel is None
    assert outcome.ticket.last_activity_at == before.last_activity_at
    assert outcome.ticket.updated_at == later
    event = outcome.events[0]
    assert isinstance(event, CommentAdded)
    assert event.comment == note
