"""Files a web form brought are served by intake only to a link tickets signed (HMAC under
HELPDESK_FILE_LINK_SECRET, a few minutes): the bytes as sent, never sniffed, a dangerous file
never shown; a forged or another file's link is "not found", an old one "gone"."""

from __future__ import annotations

import os
import time
import uuid
from typing import Any

import httpx
import pytest

from helpdesk_runtime.file_links import LINK_LIFETIME_S, FileLinks, file_path
from services.intake.tests.intake_support import IntakeUnderTest

pytestmark = pytest.mark.integration
PDF = b"%PDF-1.4 segunda via " + uuid.uuid4().bytes


@pytest.fixture
async def client(intake: IntakeUnderTest) -> Any:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as http:
        yield http


def _link(attachment_id: str, *, now: float | None = None, secret: str | None = None) -> str:
    links = FileLinks(secret or os.environ["HELPDESK_FILE_LINK_SECRET"])
    path = file_path("/v1/files", attachment_id)
    return links.signed_url("", path, attachment_id, now=time.time() if now is None else now)


async def _submitted_files(client: httpx.AsyncClient) -> list[str]:
    fields = {
        "name": "Ana Paula Ribeiro",
        "email": "ana.ribeiro@exemplo.com.br",
        "category": "financeiro",
        "subcategory": "boleto",
        "subject": "Segunda via",
        "description": f"Segue o boleto ({uuid.uuid4().hex[:6]}).",
    }
    files = [
        ("attachments", ("boleto março.pdf", PDF, "application/pdf")),
        ("attachments", ("foto.png.exe", b"MZ\x90\x00", "image/png")),
    ]
    reply = await client.post("/v1/webform", data=fields, files=files)
    assert reply.status_code == 202, reply.text
    inbound_id = f"webform:{reply.json()['submission_id']}"
    return [f"{inbound_id}/1", f"{inbound_id}/2"]


async def test_a_signed_link_downloads_the_web_forms_file_and_a_dangerous_one_as_bytes(
    client: httpx.AsyncClient,
) -> None:
    pdf, exe = await _submitted_files(client)

    got = await client.get(_link(pdf))
    risky = await client.get(_link(exe))

    assert got.status_code == 200
    assert got.content == PDF
    assert got.headers["content-type"] == "application/pdf"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert "boleto%20mar%C3%A7o.pdf" in got.headers["content-disposition"]
    assert got.headers["x-content-type-options"] == "nosniff"
    assert risky.headers["content-type"] == "application/octet-stream"
    assert risky.headers["content-disposition"].startswith("attachment;")


async def test_forged_or_borrowed_links_are_not_found_and_old_ones_are_gone(
    client: httpx.AsyncClient,
) -> None:
    pdf, exe = await _submitted_files(client)
    borrowed = _link(exe).replace(file_path("/v1/files", exe), file_path("/v1/files", pdf))

    forged = await client.get(_link(pdf, secret="a-guessed-secret-of-some-length"))
    other = await client.get(borrowed)
    unsigned = await client.get(file_path("/v1/files", pdf))
    expired = await client.get(_link(pdf, now=time.time() - LINK_LIFETIME_S - 5))

    assert [forged.status_code, other.status_code, unsigned.status_code] == [404, 404, 422]
    assert expired.status_code == 410
    assert expired.headers["content-type"] == "application/problem+json"
    assert "expirou" in expired.json()["detail"]
