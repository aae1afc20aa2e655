"""The web form's limits hold for what a careless or hostile client sends: a chunked upload with
no Content-Length is cut off at the limit while it streams (413), and a character the database
cannot keep is refused at the door (422, field named) instead of being lost after the 202."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from services.intake.tests.intake_support import MAX_MESSAGE_BYTES, IntakeUnderTest
from services.intake.tests.test_intake_webform_http import _form

pytestmark = pytest.mark.integration
CHUNK = b"x" * (64 * 1024)
OVERSIZED = 20 * 1024 * 1024
"""Well over the limit (2 MB + 1 MB of form overhead); `make bench` sends 100 MB."""


class ChunkedBody:
    """A body sent with Transfer-Encoding: chunked, counting what the client managed to send."""

    def __init__(self, head: bytes, total: int, tail: bytes = b"") -> None:
        self.head, self.total, self.tail, self.sent = head, total, tail, 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield self.head
        while self.sent < self.total:
            self.sent += len(CHUNK)
            yield CHUNK
        yield self.tail


def json_with_long_description(total: int) -> ChunkedBody:
    head = json.dumps(_form())[:-1].encode() + b', "padding": "'
    return ChunkedBody(head, total, b'"}')


@pytest.fixture
async def client(intake: IntakeUnderTest) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=intake.url, timeout=60) as http:
        yield http


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data; boundary=b"])
async def test_a_chunked_upload_over_the_limit_is_refused_while_it_streams(
    client: httpx.AsyncClient, content_type: str
) -> None:
    body = (
        json_with_long_description(OVERSIZED)
        if content_type == "application/json"
        else ChunkedBody(b'--b\r\nContent-Disposition: form-data; name="file"; '
                         b'filename="f.bin"\r\n\r\n', OVERSIZED)
    )  # fmt: skip
    reply = await client.post(
        "/v1/webform", content=body, headers={"Content-Type": content_type, "Accept-Language": "en"}
    )

    assert "content-length" not in reply.request.headers
    assert reply.status_code == 413
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["title"] == "Message too large"


async def test_a_chunked_upload_within_the_limit_is_received(client: httpx.AsyncClient) -> None:
    body = json_with_long_description(MAX_MESSAGE_BYTES // 2)
    reply = await client.post(
        "/v1/webform", content=body, headers={"Content-Type": "application/json"}
    )

    assert "content-length" not in reply.request.headers
    assert reply.status_code == 202, reply.text


@pytest.mark.parametrize("field", ["description", "name", "subject"])
async def test_a_nul_character_is_refused_at_the_door_naming_the_field(
    client: httpx.AsyncClient, field: str
) -> None:
    form: dict[str, Any] = _form(**{field: "Boleto\u0000vencido"})
    reply = await client.post("/v1/webform", json=form)

    assert reply.status_code == 422
    assert reply.headers["content-type"] == "application/problem+json"
    assert reply.json()["errors"] == [
        {
            "field": field,
            "message": "Remova o caractere invisível U+0000: não conseguimos guardá-lo.",
        }
    ]
