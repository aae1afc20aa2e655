"""Input the database cannot keep (numbers beyond 64 bits, the NUL character) is refused with a
422 problem that names the field, on the real service over the real database: never a 500."""

from __future__ import annotations

from typing import Any

from tickets.domain.agents import AgentRole

PROBLEM = "application/problem+json"
BEYOND_64_BITS = 2**63


def fields_named(answer: Any) -> list[str]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith(PROBLEM)
    return [error["field"] for error in answer.json()["errors"]]


async def test_ticket_number_beyond_64_bits_is_refused_not_a_server_error(
    tickets: Any, bearer: Any
) -> None:
    _, token = await tickets.token(AgentRole.AGENT)
    staff = bearer(token)

    read = await tickets.client.get(f"/v1/tickets/{BEYOND_64_BITS}", headers=staff)
    noted = await tickets.client.post(
        f"/v1/tickets/{BEYOND_64_BITS}/notes", json={"text": "nota"}, headers=staff
    )
    merged = await tickets.client.post(
        "/v1/tickets/1/merge", json={"target": BEYOND_64_BITS}, headers=staff
    )
    sent = await tickets.publish()
    await tickets.ticket_holding(sent.payload.inbound_id)
    me = await tickets.sign_in(sent.payload.sender.email)
    rated = await tickets.client.post(
        f"/v1/customer/tickets/{BEYOND_64_BITS}/rating", json={"rating": 5}, headers=me
    )
    mine = await tickets.client.get(f"/v1/customer/tickets/{BEYOND_64_BITS}", headers=me)

    assert fields_named(read) == ["path.number"]
    assert fields_named(noted) == ["path.number"]
    assert fields_named(merged) == ["body.target"]
    assert fields_named(rated) == fields_named(mine) == ["path.number"]


async def test_nul_character_in_query_path_or_body_is_refused_naming_the_field(
    tickets: Any, bearer: Any
) -> None:
    _, token = await tickets.token(AgentRole.MANAGER)
    staff = bearer(token)
    ticket = await tickets.publish()
    number = (await tickets.ticket_holding(ticket.payload.inbound_id)).number

    agents = await tickets.client.get("/v1/agents?group=a%00b", headers=staff)
    listed = await tickets.client.get("/v1/tickets?requester=a%00b", headers=staff)
    contact = await tickets.client.get("/v1/contacts/c-x%00", headers=staff)
    note = await tickets.client.post(
        f"/v1/tickets/{number}/notes", json={"text": "nota\u0000oculta"}, headers=staff
    )
    group = await tickets.client.post(
        "/v1/groups", json={"id": "g-nul", "name": "Fila\u0000"}, headers=staff
    )

    assert fields_named(agents) == ["query.group"]
    assert fields_named(listed) == ["query.requester"]
    assert fields_named(contact) == ["path.contact_id"]
    assert fields_named(note) == ["body.text"]
    assert fields_named(group) == ["body.name"]
    detail = await tickets.client.get(f"/v1/tickets/{number}", headers=staff)
    assert "oculta" not in detail.text
