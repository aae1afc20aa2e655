"""Mailers' habits at the real SMTP door: bare LF lines, bounces from <>, the id in the reply."""

from __future__ import annotations

import asyncio
import re
import uuid
from urllib.parse import quote

import httpx
import pytest

from services.intake.tests.corpus_expectations import CORPUS_DIR
from services.intake.tests.intake_support import (
    EventSpy,
    IntakeUnderTest,
    send_as_written,
    send_mail,
    unique_mail,
)

pytestmark = pytest.mark.integration


def _unique(raw: bytes) -> bytes:
    """A corpus file with a Message-ID of its own (the corpus test sends the original)."""
    fresh = f"Message-ID: <{uuid.uuid4().hex}@t>".encode()
    return re.sub(rb"Message-ID: <[^>]+>", fresh, raw, count=1)


async def test_bare_lf_message_is_accepted_and_reads_as_written(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    raw = _unique((CORPUS_DIR / "bare_lf_line_endings.eml").read_bytes())
    assert b"\r" not in raw
    assert len(raw) > 1001  # longer than one SMTP line may be: aiosmtpd read it as one

    reply = await asyncio.to_thread(send_as_written, intake.smtp_port, raw)

    assert (reply.code, reply.outcome) == (250, "accepted"), reply.text
    event = await spy.about(reply.inbound_id)
    assert event["subject"] == "Nota fiscal sem o XML"
    assert event["text"].startswith("Olá,\n\na nota fiscal 55123 chegou sem o arquivo XML.\n")
    assert event["text"].endswith("produto 1024, quantidade 4, XML ausente\n\nRafael")


async def test_dot_after_a_bare_lf_does_not_end_the_message(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    """SMTP smuggling: a second message hidden behind <LF>.<CR><LF> stays inside the first."""
    hidden = b"MAIL FROM:<forjado@example.com>\r\nRCPT TO:<suporte@acme.com.br>\r\nDATA\r\n"
    raw = unique_mail("Primeira", "linha") + b"\n.\r\n" + hidden + b"Subject: escondida\r\n"

    reply = await asyncio.to_thread(send_as_written, intake.smtp_port, raw)

    assert (reply.code, reply.outcome) == (250, "accepted"), reply.text
    assert "forjado@example.com" in (await spy.about(reply.inbound_id))["full_text"]


async def test_bounce_from_the_null_sender_without_from_is_a_delivery_report(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    raw = (CORPUS_DIR / "bounce_null_sender_no_from.eml").read_bytes()
    original = f"<ticket-{uuid.uuid4().hex[:8]}.1@acme.com.br>"
    raw = _unique(raw.replace(b"Return-Path: <>\n", b"")).replace(
        b"<ticket-123456.1710853200@acme.com.br>", original.encode()
    )

    reply = await asyncio.to_thread(send_mail, intake.smtp_port, raw, sender="")

    assert reply.code == 250, reply.text
    [event] = await spy.wait_for(lambda e: e["payload"].get("provider_message_id") == original)
    assert event["routing_key"] == "intake.delivery_status.v1"
    assert event["payload"]["recipient"] == "maria.souza@cliente-exemplo.com.br"
    assert event["payload"]["status"] == "bounced"


async def test_staff_learn_why_an_auto_reply_opened_no_ticket_by_the_id_smtp_named(
    intake: IntakeUnderTest,
) -> None:
    auto_reply = unique_mail("Ausente", headers="Auto-Submitted: auto-replied\r\n")
    reply = await asyncio.to_thread(send_mail, intake.smtp_port, auto_reply)

    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as client:
        anonymous = await client.get(f"/v1/inbound/{quote(reply.inbound_id, safe='')}")

    assert reply.outcome == "recorded"
    assert anonymous.status_code == 401
    assert anonymous.headers["content-type"].startswith("application/problem+json")
