"""An agent changes a ticket's category and subcategory through the agent API: stored, audited,
announced once as ticket.updated (what sla recomputes the clock on); refused for unknown
tickets, stale versions, a subcategory without a category and customers."""

from __future__ import annotations

from typing import Any

PROBLEM = "application/problem+json"


async def opened_ticket(tickets: Any) -> Any:
    sent = await tickets.publish()
    return await tickets.ticket_holding(sent.payload.inbound_id)


def category_updates(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        e
        for e in events
        if e["type"] == "ticket.updated"
        and any(c["field"] == "category" for c in e["payload"]["changes"])
    ]


async def test_reclassification_is_stored_audited_and_published_once(
    tickets: Any, bearer: Any
) -> None:
    agent_id, token = await tickets.token()
    record = await opened_ticket(tickets)
    url = f"/v1/tickets/{record.number}"
    edit = {"category": "Cobrança", "subcategory": "Boleto", "version": record.ticket.version}

    changed = await tickets.client.patch(url, json=edit, headers=bearer(token))
    # a later change on the same ticket: once its event is out, the relay is past ours
    await tickets.client.post(f"{url}/notes", json={"text": "Conferido."}, headers=bearer(token))

    assert changed.status_code == 200, changed.text
    stored = (await tickets.client.get(url, headers=bearer(token))).json()
    assert (stored["category"], stored["subcategory"]) == ("Cobrança", "Boleto")
    assert stored["priority"] == "P3"  # no category rules configured: the priority stays
    audit = [(h["field"], h["old"], h["new"], h["actor"]["id"]) for h in stored["history"]]
    assert audit[-2:] == [
        ("category", None, "Cobrança", agent_id),
        ("subcategory", None, "Boleto", agent_id),
    ]
    events = await tickets.events_for(record.number, minimum=4)
    assert events[-1]["type"] == "ticket.comment_added"
    [published] = category_updates(events)
    assert published["payload"]["changes"] == [
        {"field": "category", "old": None, "new": "Cobrança"},
        {"field": "subcategory", "old": None, "new": "Boleto"},
    ]
    snapshot = published["payload"]["ticket"]
    assert (snapshot["category"], snapshot["subcategory"]) == ("Cobrança", "Boleto")
    assert snapshot["version"] == record.ticket.version + 1
    actor = published["payload"]["actor"]
    assert (actor["kind"], actor["id"]) == ("agent", agent_id)
    assert "ticket.priority_changed" not in {e["type"] for e in events}


async def test_new_category_alone_drops_the_old_subcategory(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    record = await opened_ticket(tickets)
    url = f"/v1/tickets/{record.number}"
    await tickets.client.patch(
        url, json={"category": "Cobrança", "subcategory": "Boleto"}, headers=bearer(token)
    )

    moved = await tickets.client.patch(url, json={"category": "Acesso"}, headers=bearer(token))

    assert (moved.json()["category"], moved.json()["subcategory"]) == ("Acesso", None)


async def test_reclassifying_an_unknown_ticket_is_404(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()

    answer = await tickets.client.patch(
        "/v1/tickets/99999999", json={"category": "Cobrança"}, headers=bearer(token)
    )

    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith(PROBLEM)


async def test_reclassifying_a_stale_version_is_409_and_keeps_the_first(
    tickets: Any, bearer: Any
) -> None:
    _, token = await tickets.token()
    record = await opened_ticket(tickets)
    url = f"/v1/tickets/{record.number}"
    seen = record.ticket.version

    first = await tickets.client.patch(
        url, json={"category": "Cobrança", "version": seen}, headers=bearer(token)
    )
    second = await tickets.client.patch(
        url, json={"category": "Acesso", "version": seen}, headers=bearer(token)
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    stored = await tickets.client.get(url, headers=bearer(token))
    assert stored.json()["category"] == "Cobrança"


async def test_subcategory_without_a_category_is_422(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    record = await opened_ticket(tickets)

    answer = await tickets.client.patch(
        f"/v1/tickets/{record.number}",
        json={"subcategory": "Boleto"},
        headers={**bearer(token), "Accept-Language": "en"},
    )

    assert answer.status_code == 422
    assert answer.json()["code"] == "invalid_classification"
    assert answer.json()["title"] == "A subcategory needs a category."


async def test_customer_token_cannot_reclassify(tickets: Any, bearer: Any) -> None:
    record = await opened_ticket(tickets)
    customer = await tickets.sign_in(record.requester.email)
    _, token = await tickets.token()
    url = f"/v1/tickets/{record.number}"

    refused = await tickets.client.patch(url, json={"category": "Cobrança"}, headers=customer)

    assert refused.status_code == 401
    stored = await tickets.client.get(url, headers=bearer(token))
    assert stored.json()["category"] is None
    assert stored.json()["version"] == record.ticket.version
