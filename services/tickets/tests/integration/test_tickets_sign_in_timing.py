"""Asking for a sign-in link does the same work whether or not the address is a customer's:
the request is only queued, and the address is looked up afterwards by a worker, so neither the
answer nor its timing says who is a customer (`make bench` prints both medians; sending the
link itself: test_tickets_sign_in.py)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import httpx

from helpdesk_contracts.common import Person
from tests.support.isolation import IsolatedRun
from tickets.app import build_app
from tickets.settings import TicketsSettings


async def test_link_request_is_answered_before_the_address_is_looked_up(
    isolated_run: IsolatedRun,
) -> None:
    # The HTTP door alone on its own database: no worker runs behind it in this test.
    app = build_app(TicketsSettings(**isolated_run.settings().model_dump()))
    deps = app.state.tickets
    known = f"ana.{uuid.uuid4().hex[:8]}@example.com.br"
    unknown = f"ninguem.{uuid.uuid4().hex[:8]}@example.com.br"
    await deps.contacts.resolve(Person(email=known), now=datetime.now(UTC))
    door = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://tickets")
    try:
        answers = [
            await door.post("/v1/customer/magic-link", json={"email": email})
            for email in (known, unknown)
        ]
        database = app.state.runtime.db
        queued: list[dict[str, Any]] = await database["sign_in_requests"].find({}).to_list()
        links = await database["magic_links"].count_documents({})
    finally:
        await door.aclose()
        await app.state.runtime.mongo.close()

    assert [a.status_code for a in answers] == [202, 202]
    assert answers[0].content == answers[1].content
    assert links == 0  # no lookup, no link yet: only the queue was written, for both
    assert sorted(q["email"] for q in queued) == sorted([known, unknown])
    assert {frozenset(q) for q in queued} == {frozenset(queued[0])}
