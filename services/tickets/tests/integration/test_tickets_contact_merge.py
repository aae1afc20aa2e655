"""An agent merges contact B into contact A: B's identities and tickets move to A, later messages
from B's identities land on A, and merging is idempotent, audited and refused when it cannot be."""

from __future__ import annotations

import random
import uuid
from typing import Any, NamedTuple

from helpdesk_contracts.common import Person
from tickets.domain.agents import AgentRole


def whatsapp_number() -> str:
    return f"55119{random.randrange(10**7, 10**8)}"


async def opened_by(tickets: Any, **fields: Any) -> Any:
    sent = await tickets.publish(**fields)
    return await tickets.ticket_holding(sent.payload.inbound_id)


class TwoContacts(NamedTuple):
    a_ticket: Any
    b_ticket: Any
    whatsapp: str
    support_id: str


async def two_contacts(tickets: Any) -> TwoContacts:
    """A writes by email, B by WhatsApp with an "ID Suporte": one ticket each."""
    by_email = await opened_by(tickets, subject="Fatura em dobro")
    number = whatsapp_number()
    support_id = f"SUP-{uuid.uuid4().hex[:6]}"
    by_whatsapp = await opened_by(
        tickets,
        channel="whatsapp",
        sender=Person(name="Ana", whatsapp_id=number, external_id=support_id),
        subject="",
        text="Oi, a fatura veio em dobro",
    )
    return TwoContacts(by_email, by_whatsapp, number, support_id)


async def test_merged_contacts_identities_tickets_and_later_messages_go_to_the_survivor(
    tickets: Any, bearer: Any
) -> None:
    a_ticket, b_ticket, number, support_id = await two_contacts(tickets)
    a, b = a_ticket.requester.contact_id, b_ticket.requester.contact_id
    leader_id, leader = await tickets.token(AgentRole.LEADER)

    merged = await tickets.client.post(
        f"/v1/contacts/{a}/merge", json={"source": b}, headers=bearer(leader)
    )
    moved = await tickets.client.get(f"/v1/tickets/{b_ticket.number}", headers=bearer(leader))
    later = await opened_by(
        tickets,
        channel="whatsapp",
        sender=Person(whatsapp_id=number),
        subject="",
        text="Mandei o comprovante",
    )
    customer = await tickets.sign_in(a_ticket.requester.email)
    mine = await tickets.client.get("/v1/customer/tickets", headers=customer)

    assert merged.status_code == 200, merged.text
    survivor = merged.json()
    assert survivor["id"] == a
    assert survivor["emails"] == [a_ticket.requester.email]
    assert survivor["whatsapp_ids"] == [number]
    assert survivor["external_id"] == support_id
    assert survivor["merged_from"][0]["contact_id"] == b
    assert survivor["merged_from"][0]["merged_by"] == {"kind": "agent", "id": leader_id}
    assert moved.json()["requester"]["contact_id"] == a
    assert moved.json()["history"][-1]["field"] == "requester_id"
    assert moved.json()["history"][-1]["actor"]["id"] == leader_id
    assert later.requester.contact_id == a
    assert {t["number"] for t in mine.json()["items"]} == {
        a_ticket.number,
        b_ticket.number,
        later.number,
    }
    kinds = [e["type"] for e in await tickets.events_for(b_ticket.number, minimum=3)]
    assert kinds[-1] == "ticket.updated"


async def test_merging_the_same_contacts_again_changes_nothing(tickets: Any, bearer: Any) -> None:
    a_ticket, b_ticket, *_ = await two_contacts(tickets)
    a, b = a_ticket.requester.contact_id, b_ticket.requester.contact_id
    _, leader = await tickets.token(AgentRole.ADMIN)
    url = f"/v1/contacts/{a}/merge"

    first = await tickets.client.post(url, json={"source": b}, headers=bearer(leader))
    version = (await tickets.deps.tickets.get(b_ticket.number)).ticket.version
    again = await tickets.client.post(url, json={"source": b}, headers=bearer(leader))

    assert again.status_code == 200
    assert again.json() == first.json()
    assert (await tickets.deps.tickets.get(b_ticket.number)).ticket.version == version


async def test_agents_below_leader_cannot_merge_contacts(tickets: Any, bearer: Any) -> None:
    a_ticket, b_ticket, *_ = await two_contacts(tickets)
    _, agent = await tickets.token(AgentRole.AGENT)

    refused = await tickets.client.post(
        f"/v1/contacts/{a_ticket.requester.contact_id}/merge",
        json={"source": b_ticket.requester.contact_id},
        headers=bearer(agent),
    )

    assert refused.status_code == 403


async def test_merge_into_itself_unknown_or_already_merged_elsewhere_is_refused(
    tickets: Any, bearer: Any
) -> None:
    a_ticket, b_ticket, *_ = await two_contacts(tickets)
    other = await opened_by(tickets)
    a, b = a_ticket.requester.contact_id, b_ticket.requester.contact_id
    _, leader = await tickets.token(AgentRole.LEADER)
    english = {**bearer(leader), "Accept-Language": "en"}

    async def merge(target: str, source: str) -> Any:
        url = f"/v1/contacts/{target}/merge"
        return await tickets.client.post(url, json={"source": source}, headers=english)

    itself = await merge(a, a)
    unknown_source = await merge(a, "c-nobody")
    unknown_target = await merge("c-nobody", a)
    await merge(a, b)
    elsewhere = await merge(other.requester.contact_id, b)

    assert itself.status_code == 422
    assert itself.json()["title"] == "A contact cannot be merged into itself."
    assert unknown_source.status_code == unknown_target.status_code == 404
    assert unknown_source.json()["title"] == "Contact c-nobody not found."
    assert elsewhere.status_code == 409
    assert elsewhere.json()["title"] == f"Contact {b} was already merged into {a}."
