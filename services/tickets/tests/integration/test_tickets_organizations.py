"""Organizations: name and a checked CNPJ, contacts linked to them, tickets carrying them (from an
agent's link or the web form's company field), the ticket list filtered by them, and the
contract level the priority rules read."""

from __future__ import annotations

import random
import uuid
from typing import Any

from helpdesk_contracts.common import Person
from helpdesk_contracts.events.intake import FormDetails, Organization
from tickets.domain.agents import AgentRole


def new_cnpj() -> str:
    """A valid CNPJ nobody else in the run uses (check digits computed as the Receita does)."""
    base = [random.randrange(10) for _ in range(8)] + [0, 0, 0, 1]
    for weights in ((5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2), (6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2)):
        remainder = sum(d * w for d, w in zip(base, weights, strict=True)) % 11
        base.append(0 if remainder < 2 else 11 - remainder)
    return "".join(map(str, base))


def formatted(cnpj: str) -> str:
    return f"{cnpj[:2]}.{cnpj[2:5]}.{cnpj[5:8]}/{cnpj[8:12]}-{cnpj[12:]}"


async def opened_by(tickets: Any, **fields: Any) -> Any:
    sent = await tickets.publish(**fields)
    return await tickets.ticket_holding(sent.payload.inbound_id)


async def test_organization_cnpj_is_checked_stored_as_digits_and_shown_formatted(
    tickets: Any, bearer: Any
) -> None:
    _, agent = await tickets.token()
    cnpj = new_cnpj()

    added = await tickets.client.post(
        "/v1/organizations",
        json={"name": "Padaria Pão Quente", "cnpj": formatted(cnpj)},
        headers=bearer(agent),
    )
    again = await tickets.client.post(
        "/v1/organizations", json={"name": "Outra", "cnpj": cnpj}, headers=bearer(agent)
    )
    wrong = await tickets.client.post(
        "/v1/organizations",
        json={"name": "Erro", "cnpj": cnpj[:-1] + str((int(cnpj[-1]) + 1) % 10)},
        headers=bearer(agent),
    )
    by_id = await tickets.client.get(
        f"/v1/organizations/{added.json()['id']}", headers=bearer(agent)
    )
    by_cnpj = await tickets.client.get(
        "/v1/organizations", params={"cnpj": formatted(cnpj)}, headers=bearer(agent)
    )
    unknown = await tickets.client.get("/v1/organizations/o-nobody", headers=bearer(agent))

    assert added.status_code == 201
    assert added.json()["cnpj"] == formatted(cnpj)
    assert added.json()["cnpj_digits"] == cnpj
    assert again.status_code == 409
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.cnpj"
    assert by_id.json() == added.json()
    assert by_cnpj.json()["items"] == [added.json()]
    assert unknown.status_code == 404


async def test_contact_linked_by_an_agent_opens_tickets_the_organization_filter_finds(
    tickets: Any, bearer: Any
) -> None:
    _, agent = await tickets.token()
    org = (
        await tickets.client.post(
            "/v1/organizations",
            json={"name": "Oficina Boa", "cnpj": new_cnpj()},
            headers=bearer(agent),
        )
    ).json()
    before = await opened_by(tickets, subject="Antes do vínculo")
    contact_id = before.requester.contact_id

    linked = await tickets.client.patch(
        f"/v1/contacts/{contact_id}", json={"organization_id": org["id"]}, headers=bearer(agent)
    )
    after = await opened_by(
        tickets, sender=Person(email=before.requester.email), subject="Depois do vínculo"
    )
    filtered = await tickets.client.get(
        "/v1/tickets", params={"organization": org["id"]}, headers=bearer(agent)
    )
    members = await tickets.client.get(
        "/v1/contacts", params={"organization": org["id"]}, headers=bearer(agent)
    )
    dangling = await tickets.client.patch(
        f"/v1/contacts/{contact_id}", json={"organization_id": "o-nobody"}, headers=bearer(agent)
    )

    assert linked.json()["organization"] == org
    assert after.ticket.organization_id == org["id"]
    assert [t["number"] for t in filtered.json()["items"]] == [after.number]
    assert [c["id"] for c in members.json()["items"]] == [contact_id]
    assert dangling.status_code == 422


async def test_web_form_company_cnpj_links_the_contact_and_its_ticket(
    tickets: Any, bearer: Any
) -> None:
    _, agent = await tickets.token()
    cnpj = new_cnpj()
    company = FormDetails(organization=Organization(name="Mercado Central", cnpj=cnpj))

    def colleague() -> Person:
        return Person(name="Rita", email=f"rita.{uuid.uuid4().hex[:8]}@mercado.com.br")

    first = await opened_by(tickets, channel="webform", sender=colleague(), form=company)
    second = await opened_by(tickets, channel="webform", sender=colleague(), form=company)
    [org] = (
        await tickets.client.get("/v1/organizations", params={"cnpj": cnpj}, headers=bearer(agent))
    ).json()["items"]
    contact = await tickets.client.get(
        f"/v1/contacts/{first.requester.contact_id}", headers=bearer(agent)
    )
    filtered = await tickets.client.get(
        "/v1/tickets", params={"organization": org["id"]}, headers=bearer(agent)
    )

    assert org["name"] == "Mercado Central"
    assert org["cnpj"] == formatted(cnpj)
    assert contact.json()["organization"] == org
    assert first.ticket.organization_id == second.ticket.organization_id == org["id"]
    assert [t["number"] for t in filtered.json()["items"]] == [second.number, first.number]


async def test_a_premium_organizations_question_is_raised_to_p2_by_its_contract(
    tickets: Any, bearer: Any
) -> None:
    """A leader sets the contract level; the web form's CNPJ links the customer to the company,
    and the shipped "Contrato premium" rule raises the ticket (a plain question stays P3)."""
    _, agent = await tickets.token()
    _, leader = await tickets.token(AgentRole.LEADER)
    cnpj = new_cnpj()
    added = await tickets.client.post(
        "/v1/organizations", json={"name": "Rede Sol", "cnpj": cnpj}, headers=bearer(agent)
    )
    path = f"/v1/organizations/{added.json()['id']}"
    by_agent = await tickets.client.patch(
        path, json={"contract_level": "premium"}, headers=bearer(agent)
    )
    by_leader = await tickets.client.patch(
        path, json={"contract_level": "Premium"}, headers=bearer(leader)
    )
    assert by_agent.status_code == 403  # the contract is not an agent's to change
    assert by_leader.status_code == 200, by_leader.text
    assert by_leader.json()["contract_level"] == "Premium"

    form = FormDetails(organization=Organization(name="Rede Sol", cnpj=cnpj))
    question = {"subject": "Dúvida", "text": "Como emito a segunda via?"}
    premium = await tickets.publish(channel="webform", form=form, **question)
    plain = await tickets.publish(channel="webform", **question)

    record = await tickets.ticket_holding(premium.payload.inbound_id)
    assert record.ticket.priority == "P2"
    assert (await tickets.ticket_holding(plain.payload.inbound_id)).ticket.priority == "P3"
    detail = await tickets.client.get(f"/v1/tickets/{record.number}", headers=bearer(agent))
    assert {"field": "priority", "new": "P2", "reason": "Contrato premium"}.items() <= (
        detail.json()["history"][0].items()
    )


async def test_a_contract_level_is_one_clean_line_or_nothing(tickets: Any, bearer: Any) -> None:
    _, leader = await tickets.token(AgentRole.LEADER)
    added = await tickets.client.post(
        "/v1/organizations", json={"name": "Sem contrato"}, headers=bearer(leader)
    )
    path = f"/v1/organizations/{added.json()['id']}"
    bad = await tickets.client.patch(
        path, json={"contract_level": "ouro\r\nX: y"}, headers=bearer(leader)
    )
    cleared = await tickets.client.patch(
        path, json={"contract_level": None}, headers=bearer(leader)
    )
    missing = await tickets.client.patch(
        "/v1/organizations/o-nobody", json={"contract_level": "ouro"}, headers=bearer(leader)
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    assert cleared.json()["contract_level"] is None
    assert missing.status_code == 404
