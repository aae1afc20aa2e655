"""Mail sent to the real SMTP listener: every corpus email ends as the right event, or none."""

from __future__ import annotations

import asyncio
import smtplib
from typing import Any

import pytest

from services.intake.tests.corpus_expectations import (
    CorpusCase,
    assert_bounce_event_matches,
    assert_event_matches,
    load_corpus,
)
from services.intake.tests.intake_support import (
    MAX_MESSAGE_BYTES,
    EventSpy,
    IntakeUnderTest,
    send_mail,
    unique_mail,
)

pytestmark = pytest.mark.integration
CORPUS = load_corpus()


def _reports_a_failure(expected: dict[str, Any]) -> bool:
    return expected["kind"] == "bounce" and expected["bounce"]["action"] == "failed"


@pytest.mark.parametrize("case", CORPUS.cases, ids=lambda case: case.file)
async def test_corpus_email_over_smtp_publishes_what_it_should(
    case: CorpusCase, intake: IntakeUnderTest, spy: EventSpy
) -> None:
    reply = await asyncio.to_thread(send_mail, intake.smtp_port, case.raw)
    expected = case.expected

    assert reply.code == 250, reply.text
    if expected["kind"] == "message":
        assert reply.outcome == "accepted"
        assert_event_matches(await spy.about(reply.inbound_id), expected)
    elif _reports_a_failure(expected):
        bounce = expected["bounce"]
        events = await spy.wait_for(
            lambda e: e["payload"].get("provider_message_id") == bounce["original_message_id"]
        )
        assert events[0]["routing_key"] == "intake.delivery_status.v1"
        assert_bounce_event_matches(events[0]["payload"], bounce)
    elif expected["kind"] == "own":
        assert reply.outcome == "dropped"
    else:  # auto-replies and delayed notices are recorded, and open nothing
        assert reply.outcome == "recorded", expected["kind"]


async def test_recorded_mail_publishes_no_event(intake: IntakeUnderTest, spy: EventSpy) -> None:
    auto_reply = unique_mail(
        "Resposta automática: Férias", headers="Auto-Submitted: auto-replied\r\n"
    )

    recorded = await asyncio.to_thread(send_mail, intake.smtp_port, auto_reply)
    sentinel = await asyncio.to_thread(send_mail, intake.smtp_port, unique_mail())
    await spy.wait_for(lambda e: e["payload"].get("inbound_id") == sentinel.inbound_id)

    assert recorded.outcome == "recorded"
    assert not spy.matching(lambda e: e["payload"].get("inbound_id") == recorded.inbound_id)


async def test_same_message_delivered_twice_yields_one_event(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    raw = unique_mail("Duas vezes")

    first = await asyncio.to_thread(send_mail, intake.smtp_port, raw)
    second = await asyncio.to_thread(send_mail, intake.smtp_port, raw)
    sentinel = await asyncio.to_thread(send_mail, intake.smtp_port, unique_mail())
    await spy.about(sentinel.inbound_id)

    assert (first.outcome, second.outcome) == ("accepted", "duplicate")
    assert len(spy.matching(lambda e: e["payload"].get("inbound_id") == first.inbound_id)) == 1


async def test_plus_addressed_support_mailbox_is_accepted_with_its_reply_token(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    reply = await asyncio.to_thread(
        send_mail, intake.smtp_port, unique_mail(), recipients=("suporte+Tk42abc@acme.com.br",)
    )

    assert reply.code == 250
    assert (await spy.about(reply.inbound_id))["threading"]["reply_token"] == "Tk42abc"


async def test_recipient_that_is_not_a_support_mailbox_gets_550(intake: IntakeUnderTest) -> None:
    reply = await asyncio.to_thread(
        send_mail, intake.smtp_port, b"Subject: x\r\n\r\nx", recipients=("vendas@acme.com.br",)
    )

    assert reply.code == 550


async def test_oversize_mail_gets_552_and_the_limit_is_advertised(
    intake: IntakeUnderTest,
) -> None:
    def exchange() -> tuple[str, int]:
        with smtplib.SMTP("127.0.0.1", intake.smtp_port, timeout=30) as client:
            client.ehlo()
            advertised = client.esmtp_features.get("size", "")
            client.mail("ana@example.com.br")
            client.rcpt("suporte@acme.com.br")
            body = b"Subject: grande\r\n\r\n" + (b"x" * 998 + b"\r\n") * 3000
            code, _ = client.data(body)
            return advertised, code

    advertised, code = await asyncio.to_thread(exchange)

    assert int(advertised) == MAX_MESSAGE_BYTES
    assert code == 552


async def test_input_that_is_not_an_email_gets_554_with_the_reason(
    intake: IntakeUnderTest,
) -> None:
    reply = await asyncio.to_thread(send_mail, intake.smtp_port, b"   \r\n")

    assert reply.code == 554
    assert "empty message" in reply.text
