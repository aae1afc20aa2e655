"""Outages: mail is never lost. A broker outage does not refuse mail (it is archived with its
event, published once the broker is back); a database outage answers 451 / 503 so that the
sender retries. The broker tests live here only, and always restart the broker."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Iterator

import httpx
import pytest

from services.intake.tests.intake_support import (
    EventSpy,
    IntakeUnderTest,
    SmtpReply,
    crlf,
    send_mail,
    start_intake,
    unique_mail,
)
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, free_port

pytestmark = pytest.mark.integration


async def test_mail_sent_while_the_broker_is_down_is_accepted_and_published_once_it_is_back(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    broker = intake.run.infrastructure.broker
    if not broker.available:
        pytest.skip("this run cannot stop the broker it was given (no rabbitmqctl, no container)")
    raw = unique_mail("Enviado durante a queda", "O broker caiu no meio da sessão SMTP.")

    def session_across_the_outage() -> SmtpReply:
        with smtplib.SMTP("127.0.0.1", intake.smtp_port, timeout=60) as client:
            client.ehlo()
            client.mail("ana.souza@example.com.br")
            client.rcpt("suporte@acme.com.br")
            broker.stop()
            code, text = client.data(crlf(raw))
            return SmtpReply(code, text.decode())

    try:
        reply = await asyncio.to_thread(session_across_the_outage)
    finally:
        await asyncio.to_thread(broker.start)

    assert (reply.code, reply.outcome) == (250, "accepted")
    event = await spy.about(reply.inbound_id, timeout=120)
    assert event["subject"] == "Enviado durante a queda"
    later = await asyncio.to_thread(send_mail, intake.smtp_port, unique_mail())
    await spy.about(later.inbound_id, timeout=60)
    published = spy.matching(lambda e: e["payload"].get("inbound_id") == reply.inbound_id)
    assert len({e["event_id"] for e in published}) == 1


@pytest.fixture(scope="module")
def intake_without_database(
    intake_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[IntakeUnderTest]:
    unreachable = f"mongodb://127.0.0.1:{free_port()}/"
    logs = tmp_path_factory.mktemp("intake-no-db-logs")
    process, smtp_port = start_intake(intake_run, logs, HELPDESK_MONGO_URL=unreachable)
    try:
        eventually(lambda: _live(process), timeout=60, what="intake without database is live")
        yield IntakeUnderTest(process, smtp_port, intake_run)
    finally:
        process.stop()


def _live(process: ServiceProcess) -> bool:
    try:
        return httpx.get(f"{process.url}/health/live", timeout=5).status_code == 200
    except httpx.HTTPError:
        return False


async def test_mail_that_cannot_be_stored_gets_451_so_the_sender_retries(
    intake_without_database: IntakeUnderTest,
) -> None:
    reply = await asyncio.to_thread(send_mail, intake_without_database.smtp_port, unique_mail())

    assert reply.code == 451


async def test_http_doors_answer_503_with_retry_after_when_nothing_can_be_stored(
    intake_without_database: IntakeUnderTest,
) -> None:
    async with httpx.AsyncClient(base_url=intake_without_database.url, timeout=30) as client:
        email = await client.post("/v1/inbound/email", content=unique_mail())
        form = await client.post(
            "/v1/webform",
            json={
                "name": "Ana", "email": "ana@example.com.br", "category": "outros",
                "subject": "Oi", "description": "Preciso de ajuda",
            },
        )  # fmt: skip

    assert (email.status_code, form.status_code) == (503, 503)
    assert email.headers["retry-after"] == form.headers["retry-after"]
    assert form.headers["content-type"] == "application/problem+json"
