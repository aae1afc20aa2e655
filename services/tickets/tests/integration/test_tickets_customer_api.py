"""Customer API ("Meus chamados"): own tickets only, comment rules, resolve, CSAT (signing in:
test_tickets_sign_in.py)."""

from __future__ import annotations

import time
from typing import Any

from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from tickets.customer_tokens import SALT


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


async def test_customer_comment_reopens_pending_and_is_refused_when_resolved(
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
    refused = await tickets.client.post(
        f"{url}/comments", json={"text": "Mais uma"}, headers={**headers, "Accept-Language": "en"}
    )

    assert answered.json()["status"]["label"] == "Em andamento"
    assert resolved.json()["status"]["label"] == "Resolvido"
    assert refused.status_code == 409
    assert refused.json()["title"].startswith(f"Ticket #{mine.number} is already resolved")


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


class SignedLongAgo(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(time.time()) - 8 * 24 * 3600  # older than the 7-day lifetime


async def test_expired_or_forged_customer_token_is_401(tickets: Any) -> None:
    mine = await customer_ticket(tickets)
    contact = {"contact_id": mine.requester.contact_id}
    expired = URLSafeTimedSerializer(
        "development-only-secret-change-me", salt=SALT, signer=SignedLongAgo
    ).dumps(contact)
    forged = URLSafeTimedSerializer("another-secret", salt=SALT).dumps(contact)

    for token in (expired, forged):
        answer = await tickets.client.get(
            "/v1/customer/tickets", headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 401
        assert "expirou" in answer.json()["title"]
