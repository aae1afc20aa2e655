"""Files on tickets: agents upload and reply with them, customers download their own tickets'
files (and only those), write files on portal comments; files intake or chat keep are reached by
a short-lived signed redirect. Another customer's or an internal note's file is 404, not 403."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from helpdesk_contracts.common import AttachmentRef
from helpdesk_runtime.file_links import FileLinks
from services.tickets.tests.integration.conftest import TicketsUnderTest
from services.tickets.tests.integration.portal_browser import Browser, hidden_fields, new_browser
from tickets.adapters.file_store import BUCKET
from tickets.portal.ticket_pages import upload_key
from tickets.ticket_files import upload_id

PDF = b"%PDF-1.4 relatorio " + uuid.uuid4().bytes
PNG = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes


async def _ticket(tickets: TicketsUnderTest, **fields: Any) -> tuple[int, str]:
    sent = await tickets.publish(**fields)
    record = await tickets.ticket_holding(sent.payload.inbound_id)
    assert record.requester.email is not None
    return record.number, record.requester.email


async def _upload(tickets: TicketsUnderTest, token: str, *files: tuple[str, bytes, str]) -> Any:
    parts = [("files", file) for file in files]
    return await tickets.client.post(
        "/v1/uploads", files=parts, headers={"Authorization": f"Bearer {token}"}
    )


async def _written_with_file(
    tickets: TicketsUnderTest, token: str, number: int, name: str, *, kind: str = "replies"
) -> str:
    """An agent's reply (or note, `kind="notes"`) on `number` with the PDF uploaded as `name`."""
    uploaded = await _upload(tickets, token, (name, PDF, "application/pdf"))
    [file_id] = [a["attachment_id"] for a in uploaded.json()["attachments"]]
    written = await tickets.client.post(
        f"/v1/tickets/{number}/{kind}",
        json={"text": f"Segue {name}.", "attachments": [file_id]},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert written.status_code == 200, written.text
    return file_id


@pytest.fixture
async def browser(tickets: TicketsUnderTest) -> AsyncIterator[Browser]:
    opened = new_browser(tickets)
    yield opened
    await opened.http.aclose()


async def test_agent_replies_with_uploaded_files_and_the_customer_downloads_them(
    tickets: TicketsUnderTest, bearer: Any
) -> None:
    number, email = await _ticket(tickets)
    _, agent = await tickets.token()
    uploaded = await _upload(
        tickets, agent, ("relatório.pdf", PDF, "application/pdf"), ("tela.png", PNG, "image/png")
    )
    ids = [a["attachment_id"] for a in uploaded.json()["attachments"]]
    replied = await tickets.client.post(
        f"/v1/tickets/{number}/replies",
        json={"text": "Segue o relatório.", "attachments": ids},
        headers=bearer(agent),
    )
    customer = await tickets.sign_in(email)
    seen = await tickets.client.get(f"/v1/customer/tickets/{number}", headers=customer)
    files = seen.json()["comments"][-1]["attachments"]
    pdf, png = [await tickets.client.get(f["download_url"], headers=customer) for f in files]

    assert uploaded.status_code == 201
    assert replied.status_code == 200
    assert [f["filename"] for f in files] == ["relatório.pdf", "tela.png"]
    assert pdf.content == PDF
    assert png.content == PNG
    assert pdf.headers["content-disposition"].startswith("attachment;")
    assert png.headers["content-disposition"].startswith("inline;")
    assert pdf.headers["x-content-type-options"] == png.headers["x-content-type-options"]
    assert pdf.headers["x-content-type-options"] == "nosniff"


async def test_another_customers_file_or_an_internal_notes_file_is_not_found(
    tickets: TicketsUnderTest, bearer: Any
) -> None:
    number, email = await _ticket(tickets)
    other_number, other_email = await _ticket(tickets)
    _, agent = await tickets.token()
    note_file = await _written_with_file(tickets, agent, number, "nota.pdf", kind="notes")
    reply_file = await _written_with_file(tickets, agent, number, "publico.pdf")
    mine, theirs = await tickets.sign_in(email), await tickets.sign_in(other_email)

    async def status(path: str, headers: dict[str, str]) -> int:
        return (await tickets.client.get(path, headers=headers)).status_code

    assert await status(f"/v1/customer/tickets/{number}/files/{reply_file}", mine) == 200
    assert await status(f"/v1/customer/tickets/{number}/files/{note_file}", mine) == 404
    assert await status(f"/v1/customer/tickets/{number}/files/{reply_file}", theirs) == 404
    assert await status(f"/v1/customer/tickets/{other_number}/files/{reply_file}", theirs) == 404
    assert await status(f"/v1/tickets/{number}/files/{note_file}", bearer(agent)) == 200


async def test_a_reply_naming_an_upload_nobody_made_is_refused_and_changes_nothing(
    tickets: TicketsUnderTest, bearer: Any
) -> None:
    number, _ = await _ticket(tickets)
    _, agent = await tickets.token()

    replied = await tickets.client.post(
        f"/v1/tickets/{number}/replies",
        json={"text": "Segue.", "attachments": ["f" * 40]},
        headers=bearer(agent),
    )
    too_many = await _upload(tickets, agent, *[(f"{i}.txt", b"x", "text/plain") for i in range(51)])

    assert replied.status_code == 422
    assert replied.headers["content-type"] == "application/problem+json"
    assert too_many.status_code == 422
    assert "no máximo 50 anexos" in too_many.json()["title"]
    stored = await tickets.deps.tickets.get(number)
    assert stored is not None
    assert len(stored.ticket.comments) == 1


async def test_an_emails_and_a_chats_files_open_by_a_short_lived_link_signed_for_their_holder(
    tickets: TicketsUnderTest, bearer: Any
) -> None:
    def ref(attachment_id: str) -> AttachmentRef:
        return AttachmentRef(
            attachment_id=attachment_id,
            filename="boleto.pdf",
            content_type="application/pdf",
            size=3,
            sha256="0" * 64,
        )

    mail_file, chat_file = f"<{uuid.uuid4().hex}@mail>/1", uuid.uuid4().hex
    number, email = await _ticket(tickets, attachments=(ref(mail_file),))
    chat_number, _ = await _ticket(tickets, channel="chat", attachments=(ref(chat_file),))
    _, agent = await tickets.token()
    customer = await tickets.sign_in(email)

    by_staff = await tickets.client.get(
        f"/v1/tickets/{number}/files/{quote(mail_file, safe='')}", headers=bearer(agent)
    )
    by_customer = await tickets.client.get(
        f"/v1/customer/tickets/{number}/files/{quote(mail_file, safe='')}", headers=customer
    )
    of_chat = await tickets.client.get(
        f"/v1/tickets/{chat_number}/files/{chat_file}", headers=bearer(agent)
    )

    assert by_staff.status_code == by_customer.status_code == of_chat.status_code == 307
    link = urlsplit(by_customer.headers["location"])
    assert f"{link.scheme}://{link.netloc}{link.path}" == (
        f"http://127.0.0.1:8001/v1/files/{quote(mail_file, safe='')}"
    )
    query = {k: v[0] for k, v in parse_qs(link.query).items()}
    links = FileLinks(os.environ["HELPDESK_FILE_LINK_SECRET"])
    assert links.is_valid(mail_file, int(query["expires"]), query["signature"], now=0)
    assert of_chat.headers["location"].startswith(
        f"http://127.0.0.1:8003/v1/chat/attachments/{chat_file}?"
    )


async def test_customer_attaches_files_to_a_portal_comment_once_even_after_a_crash_and_resend(
    tickets: TicketsUnderTest, browser: Browser
) -> None:
    number, email = await _ticket(tickets)
    await browser.sign_in(email)
    page = await browser.open(f"/meus-chamados/{number}")
    form = hidden_fields(page)
    record = await tickets.deps.tickets.get(number)
    assert record is not None
    # A crash in the middle of storing the first file left a chunk without its file document.
    key = upload_key(number, record.ticket.requester_id, form["submission"])
    chunks = tickets.deps.tickets.collection.database[f"{BUCKET}.chunks"]
    await chunks.insert_one({"files_id": upload_id(key, 1, PDF), "n": 0, "data": b"%PDF-"})
    sent = [
        await browser.http.post(
            f"/meus-chamados/{number}/comentarios",
            data={**form, "text": "Segue o comprovante."},
            files=[("files", ("comprovante.pdf", PDF, "application/pdf"))],
        )
        for _ in range(2)  # the answer to the first was lost: the customer sends it again
    ]
    link = f"/meus-chamados/{number}/anexos/{upload_id(key, 1, PDF)}"
    downloaded = await browser.open(link)

    assert [answer.status_code for answer in sent] == [200, 200]
    assert f'href="{link}?lang=pt-BR"' in sent[-1].text
    assert downloaded.content == PDF
    stored = await tickets.deps.tickets.get(number)
    assert stored is not None
    comments = [c for c in stored.ticket.comments if c.body == "Segue o comprovante."]
    assert len(comments) == 1
    assert [a.filename for a in comments[0].attachments] == ["comprovante.pdf"]
    files = tickets.deps.tickets.collection.database[f"{BUCKET}.files"]
    assert await files.count_documents({"_id": upload_id(key, 1, PDF)}) == 1
    assert await chunks.count_documents({"files_id": upload_id(key, 1, PDF)}) == 1


async def test_another_customer_opening_a_portal_file_link_gets_the_not_found_page(
    tickets: TicketsUnderTest, browser: Browser, bearer: Any
) -> None:
    number, _ = await _ticket(tickets)
    _, other_email = await _ticket(tickets)
    _, agent = await tickets.token()
    file_id = await _written_with_file(tickets, agent, number, "contrato.pdf")
    await browser.sign_in(other_email)

    answer = await browser.open(f"/meus-chamados/{number}/anexos/{file_id}")

    assert answer.status_code == 404
    assert PDF not in answer.content


async def test_too_many_files_on_a_portal_comment_are_refused_on_the_page_and_nothing_is_kept(
    tickets: TicketsUnderTest, browser: Browser
) -> None:
    number, email = await _ticket(tickets)
    await browser.sign_in(email)
    page = await browser.open(f"/meus-chamados/{number}")

    refused = await browser.http.post(
        f"/meus-chamados/{number}/comentarios",
        data={**hidden_fields(page), "text": "Seguem os prints."},
        files=[("files", (f"{i}.png", PNG, "image/png")) for i in range(51)],
    )

    assert refused.status_code == 422
    assert "Envie no máximo 50 anexos." in refused.text
    stored = await tickets.deps.tickets.get(number)
    assert stored is not None
    assert all(c.body != "Seguem os prints." for c in stored.ticket.comments)
