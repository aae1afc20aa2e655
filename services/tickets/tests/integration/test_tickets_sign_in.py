"""Signing in to "Meus chamados" by magic link: sent only to known addresses (without saying
so), single-use, short-lived, capped per address, in the contact's language."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from services.tickets.tests.integration.conftest import link_code
from tickets.adapters.magic_links import new_link_code


async def customer_ticket(tickets: Any, **fields: Any) -> Any:
    sent = await tickets.publish(**fields)
    return await tickets.ticket_holding(sent.payload.inbound_id)


async def ask_link(tickets: Any, email: str, **headers: str) -> int:
    answer = await tickets.client.post(
        "/v1/customer/magic-link", json={"email": email}, headers=headers
    )
    return int(answer.status_code)


async def redeem(tickets: Any, code: str) -> Any:
    return await tickets.client.post("/v1/customer/sessions", json={"code": code})


async def test_link_sent_to_my_address_signs_me_in_once_to_my_tickets(tickets: Any) -> None:
    mine = await customer_ticket(tickets, subject="Segunda via do boleto")
    email = mine.requester.email

    assert await ask_link(tickets, email.upper()) == 202  # addresses match case-insensitively
    [sent] = await tickets.magic_links_to(email)
    first = await redeem(tickets, link_code(sent["link"]))
    again = await redeem(tickets, link_code(sent["link"]))
    listed = await tickets.client.get(
        "/v1/customer/tickets", headers={"Authorization": f"Bearer {first.json()['token']}"}
    )

    assert sent["contact_id"] == mine.requester.contact_id
    assert sent["language"] == "pt-BR"
    lifetime = datetime.fromisoformat(sent["expires_at"]) - datetime.now(UTC)
    assert timedelta(minutes=14) < lifetime <= timedelta(minutes=15)
    assert first.status_code == 200
    assert first.json()["token_type"] == "Bearer"
    assert [t["number"] for t in listed.json()["items"]] == [mine.number]
    assert again.status_code == 401
    assert "já foi usado" in again.json()["title"]


async def test_unknown_address_gets_the_same_answer_and_no_link(tickets: Any) -> None:
    stranger = f"ninguem.{uuid.uuid4().hex[:8]}@example.com.br"
    known = (await customer_ticket(tickets)).requester.email

    assert await ask_link(tickets, stranger) == await ask_link(tickets, known) == 202
    await tickets.magic_links_to(known)  # the known address's link was published by now

    assert await tickets.magic_links_to(stranger, minimum=0) == []


async def test_repeated_requests_for_one_address_send_at_most_three_links(tickets: Any) -> None:
    email = (await customer_ticket(tickets)).requester.email

    answers = [await ask_link(tickets, email) for _ in range(5)]

    assert answers == [202] * 5
    await tickets.magic_links_to(email, minimum=3)
    window_start = datetime.now(UTC) - timedelta(hours=1)
    assert await tickets.deps.magic_links.sent_since(email, window_start) == 3


async def test_expired_or_made_up_link_is_refused(tickets: Any) -> None:
    mine = await customer_ticket(tickets)
    code = new_link_code()
    long_ago = datetime.now(UTC) - timedelta(hours=1)
    await tickets.deps.magic_links.record(
        code=code,
        contact_id=mine.requester.contact_id,
        email=mine.requester.email,
        created_at=long_ago,
        expires_at=long_ago + timedelta(minutes=15),
        events=[],
    )

    expired = await redeem(tickets, code)
    made_up = await redeem(tickets, new_link_code())

    assert expired.status_code == made_up.status_code == 401
    assert expired.json()["code"] == "unauthenticated"


async def test_link_is_in_english_when_the_contact_or_the_asking_page_prefers_it(
    tickets: Any, bearer: Any
) -> None:
    by_page = (await customer_ticket(tickets)).requester
    by_choice = (await customer_ticket(tickets)).requester
    _, agent = await tickets.token()
    await tickets.client.patch(
        f"/v1/contacts/{by_choice.contact_id}", json={"language": "en"}, headers=bearer(agent)
    )

    await ask_link(tickets, by_page.email, **{"Accept-Language": "en-US,en;q=0.9"})
    await ask_link(tickets, by_choice.email)

    [page_link] = await tickets.magic_links_to(by_page.email)
    [choice_link] = await tickets.magic_links_to(by_choice.email)
    assert page_link["language"] == choice_link["language"] == "en"
