"""POST /v1/inbound/email: providers hand over raw mail; nothing they send causes a 500."""

from __future__ import annotations

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from services.intake.tests.intake_support import (
    MAX_MESSAGE_BYTES,
    EventSpy,
    IntakeUnderTest,
    unique_mail,
)

pytestmark = pytest.mark.integration
RFC822 = {"Content-Type": "message/rfc822"}
mime_fragments = st.sampled_from(
    [
        b"From: a@example.com\r\n", b"To: suporte@acme.com.br\r\n", b"Subject: =?utf-8?B?!!?=\r\n",
        b"Content-Type: multipart/mixed; boundary=b\r\n", b"--b\r\n", b"--b--\r\n", b"\r\n",
        b"Content-Transfer-Encoding: base64\r\n", b"Message-ID: <>\r\n", b"=?bogus?Q?x?=",
        b"Content-Type: message/rfc822\r\n", b"From: \"unterminated <x@y>\r\n", b"\xff\xfe\x00",
    ]
)  # fmt: skip
mangled_mime = st.lists(st.one_of(mime_fragments, st.binary(max_size=40)), max_size=30).map(
    b"".join
)


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=st.one_of(st.binary(max_size=3000), mangled_mime))
def test_arbitrary_bytes_end_as_accepted_or_a_clear_refusal_never_a_500(
    intake: IntakeUnderTest, raw: bytes
) -> None:
    reply = httpx.post(f"{intake.url}/v1/inbound/email", content=raw, headers=RFC822, timeout=30)

    assert reply.status_code in {202, 400, 413, 422}, reply.text
    if reply.status_code != 202:
        assert reply.headers["content-type"] == "application/problem+json"
        assert reply.json()["detail"]


async def test_posted_raw_email_is_accepted_and_published_once(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    raw = unique_mail("Nota fiscal", "A nota 4471 saiu com o CNPJ errado.")
    async with httpx.AsyncClient(base_url=intake.url) as client:
        first = await client.post("/v1/inbound/email", content=raw, headers=RFC822)
        second = await client.post("/v1/inbound/email", content=raw, headers=RFC822)

    assert (first.status_code, second.status_code) == (202, 202)
    assert (first.json()["outcome"], second.json()["outcome"]) == ("accepted", "duplicate")
    event = await spy.about(first.json()["inbound_id"])
    assert event["channel"] == "email"
    assert event["text"] == "A nota 4471 saiu com o CNPJ errado."


async def test_posted_email_over_the_size_limit_gets_413(intake: IntakeUnderTest) -> None:
    raw = unique_mail(body="x" * (MAX_MESSAGE_BYTES + 1))
    async with httpx.AsyncClient(base_url=intake.url) as client:
        reply = await client.post("/v1/inbound/email", content=raw, headers=RFC822)

    assert reply.status_code == 413
