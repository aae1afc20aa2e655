"""Customer sessions are the server's: a token cannot be made without signing in, expires, and
signing out ends every copy of it (API bearer token and portal cookie alike)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from itsdangerous import URLSafeTimedSerializer
from pymongo import AsyncMongoClient

from services.tickets.tests.integration.conftest import TicketsUnderTest
from services.tickets.tests.integration.portal_browser import new_browser
from tickets.adapters.customer_sessions import COLLECTION, session_digest
from tickets.domain.agents import AgentRole

OLD_PUBLIC_SECRET = "development-only-secret-change-me"
OLD_SALT = "helpdesk.customer.v1"
OLD_CONTACT_NAMESPACE = uuid.UUID("6c1f3a52-3f0e-4c3e-9a51-1d7e2f0b8a10")


async def customer_with_ticket(tickets: TicketsUnderTest) -> tuple[str, str]:
    """(contact id, e-mail) of a new customer with one ticket."""
    sent = await tickets.publish()
    record = await tickets.ticket_holding(sent.payload.inbound_id)
    assert record.requester.email is not None
    return record.requester.contact_id, record.requester.email


async def my_tickets(tickets: TicketsUnderTest, token: str) -> Any:
    return await tickets.client.get(
        "/v1/customer/tickets", headers={"Authorization": f"Bearer {token}"}
    )


async def test_token_minted_with_the_old_public_secret_is_refused(
    tickets: TicketsUnderTest,
) -> None:
    contact_id, _ = await customer_with_ticket(tickets)
    minted = URLSafeTimedSerializer(OLD_PUBLIC_SECRET, salt=OLD_SALT).dumps(
        {"contact_id": contact_id}
    )
    guessed = "cs1." + "A" * 43

    for token in (minted, guessed):
        answer = await my_tickets(tickets, token)
        assert answer.status_code == 401
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert "expirou" in answer.json()["title"]


async def test_contact_id_cannot_be_derived_from_the_email_address(
    tickets: TicketsUnderTest,
) -> None:
    contact_id, email = await customer_with_ticket(tickets)
    derived = f"c-{uuid.uuid5(OLD_CONTACT_NAMESPACE, f'email:{email}').hex[:20]}"

    assert contact_id != derived
    found = await tickets.deps.contacts.find_by_email(email.upper())
    assert found is not None
    assert found.id == contact_id


async def test_signed_out_token_stops_working_for_every_copy(tickets: TicketsUnderTest) -> None:
    _, email = await customer_with_ticket(tickets)
    headers = await tickets.sign_in(email)
    token = headers["Authorization"].removeprefix("Bearer ")
    copy = str(token)

    before = await my_tickets(tickets, copy)
    signed_out = await tickets.client.delete("/v1/customer/sessions/current", headers=headers)
    after = await my_tickets(tickets, copy)

    assert before.status_code == 200
    assert len(before.json()["items"]) == 1
    assert signed_out.status_code == 204
    assert after.status_code == 401
    again = await tickets.client.delete("/v1/customer/sessions/current", headers=headers)
    assert again.status_code == 401


async def test_expired_session_is_refused(tickets: TicketsUnderTest) -> None:
    _, email = await customer_with_ticket(tickets)
    token = (await tickets.sign_in(email))["Authorization"].removeprefix("Bearer ")
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        tickets.run.infrastructure.mongo_url
    )
    database = client[tickets.run.settings().database_name("tickets")]
    past = datetime.now(UTC) - timedelta(seconds=1)
    await database[COLLECTION].update_one(
        {"_id": session_digest(token)}, {"$set": {"expires_at": past}}
    )
    await client.close()

    assert (await my_tickets(tickets, token)).status_code == 401


async def test_copied_portal_cookie_stops_working_after_sign_out(
    tickets: TicketsUnderTest,
) -> None:
    _, email = await customer_with_ticket(tickets)
    me = new_browser(tickets)
    listed = await me.sign_in(email)
    cookie = me.http.cookies["meus_chamados"]
    thief = new_browser(tickets)
    try:
        stolen = await thief.open("/meus-chamados", Cookie=f"meus_chamados={cookie}")
        await me.submit(listed, "/meus-chamados/sair")
        after = await thief.open("/meus-chamados", Cookie=f"meus_chamados={cookie}")
    finally:
        await me.http.aclose()
        await thief.http.aclose()

    assert "Boleto não chegou" in stolen.text
    assert "Boleto não chegou" not in after.text
    assert "Sua sessão terminou" in after.text


async def test_session_from_before_a_contact_merge_speaks_for_the_survivor(
    tickets: TicketsUnderTest,
) -> None:
    survivor, survivor_email = await customer_with_ticket(tickets)
    absorbed, absorbed_email = await customer_with_ticket(tickets)
    token = (await tickets.sign_in(absorbed_email))["Authorization"].removeprefix("Bearer ")
    _, leader = await tickets.token(AgentRole.LEADER)

    merged = await tickets.client.post(
        f"/v1/contacts/{survivor}/merge",
        json={"source": absorbed},
        headers={"Authorization": f"Bearer {leader}"},
    )
    listed = await my_tickets(tickets, token)

    assert merged.status_code == 200, merged.text
    assert listed.status_code == 200
    survivors = await my_tickets(
        tickets, (await tickets.sign_in(survivor_email))["Authorization"].removeprefix("Bearer ")
    )
    assert len(listed.json()["items"]) == 2
    assert listed.json()["items"] == survivors.json()["items"]
