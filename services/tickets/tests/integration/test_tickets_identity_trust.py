"""A phone typed on a web form is data, not identity: it never sends a customer's ticket, mail
or sign-in to another customer's contact. Only the channel's own identity (the e-mail address
the channel answers to, the WhatsApp id Meta signs) finds a contact; joining contacts is an
agent's merge."""

from __future__ import annotations

import uuid
from typing import Any

from helpdesk_contracts.common import Person
from services.tickets.tests.integration.conftest import TicketsUnderTest

SHARED_PHONE = "+5511987650000"


def address(name: str) -> str:
    return f"{name}.{uuid.uuid4().hex[:8]}@example.com.br"


async def form_ticket(tickets: TicketsUnderTest, sender: Person, subject: str) -> Any:
    sent = await tickets.publish(channel="webform", sender=sender, subject=subject)
    return await tickets.ticket_holding(sent.payload.inbound_id)


async def listed_subjects(tickets: TicketsUnderTest, email: str) -> set[str]:
    headers = await tickets.sign_in(email)
    answer = await tickets.client.get("/v1/customer/tickets", headers=headers)
    assert answer.status_code == 200
    return {item["subject"] for item in answer.json()["items"]}


async def test_phone_typed_on_a_form_does_not_join_another_customers_contact(
    tickets: TicketsUnderTest,
) -> None:
    phone = f"+55119{uuid.uuid4().int % 10**8:08d}"
    bruno, ana = address("bruno"), address("ana")
    bruno_whatsapp = await tickets.publish(
        channel="whatsapp",
        sender=Person(name="Bruno", phone=phone, whatsapp_id=phone.removeprefix("+")),
        subject="WhatsApp",
        text="Oi, meu pedido atrasou",
    )
    on_whatsapp = await tickets.ticket_holding(bruno_whatsapp.payload.inbound_id)
    brunos = await form_ticket(tickets, Person(name="Bruno", email=bruno, phone=phone), "Do Bruno")

    anas = await form_ticket(tickets, Person(name="Ana", email=ana, phone=phone), "Da Ana")

    assert anas.requester.contact_id not in {
        brunos.requester.contact_id,
        on_whatsapp.requester.contact_id,
    }
    assert anas.requester.email == ana
    [created] = [e for e in await tickets.events_for(anas.number) if e["type"] == "ticket.created"]
    assert created["payload"]["ticket"]["requester"]["email"] == ana  # the confirmation's address
    brunos_contact = await tickets.deps.contacts.get(brunos.requester.contact_id)
    assert brunos_contact is not None
    assert brunos_contact.emails == (bruno,)
    assert await listed_subjects(tickets, ana) == {"Da Ana"}
    assert await listed_subjects(tickets, bruno) == {"Do Bruno"}


async def test_phone_typed_on_a_form_is_kept_on_the_customers_own_contact(
    tickets: TicketsUnderTest,
) -> None:
    ana = address("ana")

    record = await form_ticket(tickets, Person(name="Ana", email=ana, phone=SHARED_PHONE), "Oi")

    contact = await tickets.deps.contacts.get(record.requester.contact_id)
    assert contact is not None
    assert contact.phones == (SHARED_PHONE,)
    again = await form_ticket(tickets, Person(name="Ana", email=ana.upper()), "De novo")
    assert again.requester.contact_id == contact.id
