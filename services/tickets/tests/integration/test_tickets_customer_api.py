"""Customer API ("Meus chamados"): own tickets only, comment rules, resolve, CSAT (signing in:
test_tickets_sign_in.py; sessions, forged and expired tokens: test_tickets_customer_sessions.py)."""

from __future__ import annotations

from typing import Any


async def customer_ticket(tickets: Any, **fields: Any) -> Any:
    sent = await tickets.publish(**fields)
    return await tickets.ticket_holding(sent.payload.inbound_id)


async def test_my_tickets_lists_only_mine_with_pt_br_status(tickets: Any) -> None:
    mine = await customer_ticket(tickets, subject="Meu pedido")
    await customer_ticket(tickets, subject="Pedido de outra pessoa")
    headers = await tickets.sign_in(mine.requester.email)

    listed = await tickets.client.get("/v1/customer/tickets", headers=headers)

    assert listed.status_code == 200
    items = listed.json()["items"]
    assert [i["number"] for i in items] == [mine.number]
    assert items[0]["status"]["label"] == "Em espera"
    assert {"created_at", "last_activity_at", "subject"} <= items[0].keys()


async def test_another_requesters_ticket_is_404_not_403(tickets: Any) -> None:
    mine = await customer_ticket(tickets)
    theirs = await customer_ticket(tickets)
    headers = await tickets.sign_in(mine.requester.email)

    viewed = await tickets.client.get(f"/v1/customer/tickets/{theirs.number}", headers=headers)
    commented = await tickets.client.post(
        f"/v1/customer/tickets/{theirs.number}/comments", json={"text": "oi"}, headers=headers
    )

    assert viewed.status_code == commented.status_code == 404


async def test_customer_sees_public_comments_only(tickets: Any, bearer: Any) -> None:
    mine = await customer_ticket(tickets)
    _, agent = await tickets.token()
    await tickets.client.post(
        f"/v1/tickets/{mine.number}/notes", json={"text": "Cliente difícil"}, headers=bearer(agent)
    )
    await tickets.client.post(
        f"/v1/tickets/{mine.number}/replies",
        json={"text": "Já verificamos."},
        headers=bearer(agent),
    )
    headers = await tickets.sign_in(mine.requester.email)

    viewed = await tickets.client.get(f"/v1/customer/tickets/{mine.number}", headers=headers)

    texts = [c["text"] for c in viewed.json()["comments"]]
    assert texts == ["O boleto de março não chegou.", "Já verificamos."]
    assert viewed.json()["status"]["label"] == "Em andamento"


async def test_customer_comment_reopens_pending_and_on_a_resolved_ticket_opens_a_linked_one(
    tickets: Any, bearer: Any
) -> None:
    mine = await customer_ticket(tickets)
    _, agent = await tickets.token()
    await tickets.client.patch(
        f"/v1/tickets/{mine.number}", json={"status": "pending"}, headers=bearer(agent)
    )
    headers = await tickets.sign_in(mine.requester.email)
    url = f"/v1/customer/tickets/{mine.number}"

    answered = await tickets.client.post(f"{url}/comments", json={"text": "Segue"}, headers=headers)
    resolved = await tickets.client.post(f"{url}/resolve", headers=headers)
    followed = await tickets.client.post(
        f"{url}/comments", json={"text": "Voltou a falhar"}, headers=headers
    )

    assert answered.json()["status"]["label"] == "Em andamento"
    assert resolved.json()["status"]["label"] == "Resolvido"
    assert followed.status_code == 200
    linked = followed.json()
    assert linked["number"] != mine.number
    assert linked["status"]["label"] == "Em espera"
    assert [c["text"] for c in linked["comments"]] == ["Voltou a falhar"]
    stored = await tickets.deps.tickets.get(linked["number"])
    assert stored.ticket.linked_to == mine.number
    old = await tickets.client.get(url, headers=headers)
    assert old.json()["status"]["label"] == "Resolvido"  # keeps its resolution and rating


async def test_comment_of_only_spaces_is_refused(tickets: Any) -> None:
    mine = await customer_ticket(tickets)
    headers = await tickets.sign_in(mine.requester.email)
    url = f"/v1/customer/tickets/{mine.number}/comments"

    blank = await tickets.client.post(url, json={"text": "  \n\t "}, headers=headers)
    viewed = await tickets.client.get(f"/v1/customer/tickets/{mine.number}", headers=headers)

    assert blank.status_code == 422
    assert blank.headers["content-type"].startswith("application/problem+json")
    assert len(viewed.json()["comments"]) == 1  # only the opening message


async def test_rating_after_resolution_once(tickets: Any) -> None:
    mine = await customer_ticket(tickets)
    headers = await tickets.sign_in(mine.requester.email)
    url = f"/v1/customer/tickets/{mine.number}"

    too_early = await tickets.client.post(f"{url}/rating", json={"rating": 5}, headers=headers)
    await tickets.client.post(f"{url}/resolve", headers=headers)
    out_of_scale = await tickets.client.post(f"{url}/rating", json={"rating": 6}, headers=headers)
    rated = await tickets.client.post(
        f"{url}/rating", json={"rating": 4, "comment": "Rápido"}, headers=headers
    )
    twice = await tickets.client.post(f"{url}/rating", json={"rating": 1}, headers=headers)

    assert too_early.status_code == 409
    assert out_of_scale.status_code == 422
    assert rated.status_code == 200
    assert rated.json()["csat"] == {"score": 4, "comment": "Rápido"}
    assert twice.status_code == 409
    kinds = [e["type"] for e in await tickets.events_for(mine.number, minimum=5)]
    assert "ticket.csat_requested" in kinds
    assert "ticket.csat_received" in kinds
