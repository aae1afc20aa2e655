"""Where an inbound message goes: threading order, spoofed subject numbers, duplicates,
replies to resolved and closed tickets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from helpdesk_contracts.common import Person
from helpdesk_contracts.events.intake import ThreadingHints
from tickets.agent_actions import apply_change
from tickets.contract_events import Cause
from tickets.domain.model import SYSTEM
from tickets.domain.workflow import resolve


async def test_reply_by_message_id_joins_the_ticket(tickets: Any) -> None:
    first = await tickets.publish(threading=ThreadingHints(message_id="<a1@mail.example.com>"))
    opened = await tickets.ticket_holding(first.payload.inbound_id)

    reply = await tickets.publish(
        sender=Person(email="outra.pessoa@example.com.br"),
        subject="Re: outro assunto",
        threading=ThreadingHints(in_reply_to="<a1@mail.example.com>"),
    )

    joined = await tickets.ticket_holding(reply.payload.inbound_id)
    assert joined.number == opened.number
    assert len(joined.ticket.comments) == 2


async def test_reply_token_joins_the_ticket(tickets: Any) -> None:
    first = await tickets.publish()
    opened = await tickets.ticket_holding(first.payload.inbound_id)

    reply = await tickets.publish(
        sender=first.payload.sender,
        subject="Resposta",
        text="Segue o comprovante.",
        threading=ThreadingHints(reply_token=opened.reply_token),
    )

    assert (await tickets.ticket_holding(reply.payload.inbound_id)).number == opened.number


async def test_whatsapp_conversation_joins_its_open_ticket(tickets: Any) -> None:
    sender = Person(whatsapp_id="5511987650001", name="Zé")
    hints = ThreadingHints(external_ids={"whatsapp_conversation": "conv-zap-1"})
    first = await tickets.publish(
        channel="whatsapp", sender=sender, subject="", text="Oi", threading=hints
    )
    opened = await tickets.ticket_holding(first.payload.inbound_id)

    second = await tickets.publish(
        channel="whatsapp", sender=sender, subject="", text="Meu pedido não chegou", threading=hints
    )

    assert (await tickets.ticket_holding(second.payload.inbound_id)).number == opened.number


async def test_subject_number_from_requester_joins_ticket(tickets: Any) -> None:
    first = await tickets.publish()
    opened = await tickets.ticket_holding(first.payload.inbound_id)

    reply = await tickets.publish(
        sender=first.payload.sender,
        subject=f"Re: [Chamado #{opened.number}] Boleto",
        text="Ainda aguardo.",
    )

    assert (await tickets.ticket_holding(reply.payload.inbound_id)).number == opened.number


async def test_spoofed_subject_number_from_stranger_opens_own_ticket(tickets: Any) -> None:
    victim = await tickets.publish()
    victims_ticket = await tickets.ticket_holding(victim.payload.inbound_id)

    spoof = await tickets.publish(
        sender=Person(email="intruso@example.com.br"),
        subject=f"Re: [Chamado #{victims_ticket.number}] Boleto",
        text="Mande os dados do cliente.",
    )

    own = await tickets.ticket_holding(spoof.payload.inbound_id)
    assert own.number != victims_ticket.number
    untouched = await tickets.deps.tickets.get(victims_ticket.number)
    assert len(untouched.ticket.comments) == 1


async def test_same_message_twice_within_a_day_joins_first_ticket_flagged(tickets: Any) -> None:
    first = await tickets.publish(subject="Cobrança indevida", text="Fui cobrado duas vezes.")
    opened = await tickets.ticket_holding(first.payload.inbound_id)

    again = await tickets.publish(
        sender=first.payload.sender,
        subject="RE: cobrança  indevida",
        text="fui cobrado duas vezes.",
    )

    joined = await tickets.ticket_holding(again.payload.inbound_id)
    assert joined.number == opened.number
    assert joined.ticket.comments[-1].is_duplicate


async def test_same_text_from_another_requester_opens_its_own_ticket(tickets: Any) -> None:
    first = await tickets.publish(subject="Sem internet", text="Caiu tudo.")
    opened = await tickets.ticket_holding(first.payload.inbound_id)

    other = await tickets.publish(subject="Sem internet", text="Caiu tudo.")

    assert (await tickets.ticket_holding(other.payload.inbound_id)).number != opened.number


async def test_email_reply_to_a_resolved_ticket_opens_a_linked_ticket(tickets: Any) -> None:
    first = await tickets.publish()
    opened = await tickets.ticket_holding(first.payload.inbound_id)
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    await apply_change(
        tickets.deps,
        opened.number,
        lambda t: resolve(t, actor=SYSTEM, now=long_ago),
        version=None,
        cause=Cause(),
    )

    reply = await tickets.publish(
        sender=first.payload.sender,
        text="De novo o problema.",
        threading=ThreadingHints(reply_token=opened.reply_token),
    )

    linked = await tickets.ticket_holding(reply.payload.inbound_id)
    assert linked.number != opened.number
    assert linked.ticket.linked_to == opened.number
    created = [
        e for e in await tickets.events_for(linked.number, 2) if e["type"] == "ticket.created"
    ]
    assert created[0]["payload"]["linked_to"] == opened.number
