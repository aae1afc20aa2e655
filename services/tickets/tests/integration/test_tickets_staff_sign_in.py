"""Staff sign-in for the analysts' workspace: the same 202 for any address, and a customer's
"Meus chamados" link never opens a staff session (the e-mailed staff link itself is played end
to end in tests/test_journey_desk.py)."""

from __future__ import annotations

import uuid
from typing import Any

from services.tickets.tests.integration.conftest import link_code


async def test_staff_link_request_answers_alike_for_unknown_addresses(tickets: Any) -> None:
    stranger = f"ninguem.{uuid.uuid4().hex[:8]}@example.com.br"

    answer = await tickets.client.post("/v1/staff/sign-in", json={"email": stranger})
    english = await tickets.client.post(
        "/v1/staff/sign-in", json={"email": stranger}, headers={"Accept-Language": "en"}
    )

    assert answer.status_code == english.status_code == 202
    assert answer.json()["status"] == "accepted"
    assert english.json()["detail"].startswith("If this address belongs to a staff member")


async def test_customer_sign_in_link_does_not_open_a_staff_session(tickets: Any) -> None:
    sent = await tickets.publish()
    record = await tickets.ticket_holding(sent.payload.inbound_id)
    email = record.requester.email
    await tickets.client.post("/v1/customer/magic-link", json={"email": email})
    [link] = await tickets.magic_links_to(email)

    as_staff = await tickets.client.post(
        "/v1/staff/sessions", json={"code": link_code(link["link"])}
    )
    as_customer = await tickets.client.post(
        "/v1/customer/sessions", json={"code": link_code(link["link"])}
    )

    assert as_staff.status_code == 401
    assert as_customer.status_code == 200  # the failed staff attempt did not spend it


async def test_me_names_the_token_holder_and_sign_out_revokes_the_token(
    tickets: Any, bearer: Any
) -> None:
    agent_id, token = await tickets.token()

    me = await tickets.client.get("/v1/staff/me", headers=bearer(token))
    out = await tickets.client.delete("/v1/staff/sessions/current", headers=bearer(token))
    after = await tickets.client.get("/v1/staff/me", headers=bearer(token))

    assert me.status_code == 200
    assert me.json()["id"] == agent_id
    assert out.status_code == 204
    assert after.status_code == 401
