"""Merging one customer's ticket into another customer's needs the agent's confirmation, and
then the first customer's words reach the second's ticket as internal notes only: neither the
customer API nor the "Meus chamados" pages show them to the other customer."""

from __future__ import annotations

from typing import Any

from services.tickets.tests.integration.conftest import Auth, TicketsUnderTest
from services.tickets.tests.integration.portal_browser import new_browser

PROBLEM = "application/problem+json"
BRUNOS_SECRET = "Meu CPF é 123.456.789-00 e a senha do portal é girassol."


async def opened_ticket(tickets: TicketsUnderTest, **fields: Any) -> Any:
    sent = await tickets.publish(**fields)
    return await tickets.ticket_holding(sent.payload.inbound_id)


async def two_customers_tickets(tickets: TicketsUnderTest) -> tuple[str, Any, Any]:
    """An agent's token, Ana's ticket and Bruno's ticket (two different requesters)."""
    _, token = await tickets.token()
    anas = await opened_ticket(tickets, text="Minha fatura veio errada.")
    brunos = await opened_ticket(tickets, text=BRUNOS_SECRET)
    return token, anas, brunos


async def merge(
    tickets: TicketsUnderTest, headers: dict[str, str], source: Any, target: Any, **body: Any
) -> Any:
    url = f"/v1/tickets/{source.number}/merge"
    return await tickets.client.post(url, json={"target": target.number, **body}, headers=headers)


async def test_merging_two_customers_tickets_needs_a_confirmation(
    tickets: TicketsUnderTest, bearer: Auth
) -> None:
    token, anas, brunos = await two_customers_tickets(tickets)

    refused = await merge(tickets, {**bearer(token), "Accept-Language": "en"}, brunos, anas)

    assert refused.status_code == 409
    assert refused.headers["content-type"].startswith(PROBLEM)
    assert refused.json()["code"] == "merge_needs_confirmation"
    assert "confirm_different_requesters" in refused.json()["title"]
    unchanged = await tickets.deps.tickets.get(brunos.number)
    assert unchanged is not None
    assert unchanged.ticket.merged_into is None


async def test_other_customers_words_never_reach_the_target_requester(
    tickets: TicketsUnderTest, bearer: Auth
) -> None:
    token, anas, brunos = await two_customers_tickets(tickets)
    merged = await merge(tickets, bearer(token), brunos, anas, confirm_different_requesters=True)
    assert merged.status_code == 200, merged.text

    staff_view = await tickets.client.get(f"/v1/tickets/{anas.number}", headers=bearer(token))
    ana = await tickets.sign_in(anas.requester.email)
    api_view = await tickets.client.get(f"/v1/customer/tickets/{anas.number}", headers=ana)
    browser = new_browser(tickets)
    try:
        await browser.sign_in(anas.requester.email)
        page = await browser.open(f"/meus-chamados/{anas.number}")
    finally:
        await browser.http.aclose()

    [note] = [c for c in staff_view.json()["comments"] if c["text"] == BRUNOS_SECRET]
    assert note["public"] is False
    assert api_view.status_code == 200
    assert "Minha fatura veio errada." in api_view.text
    assert BRUNOS_SECRET not in api_view.text
    assert page.status_code == 200
    assert "Minha fatura veio errada." in page.text
    assert "girassol" not in page.text
