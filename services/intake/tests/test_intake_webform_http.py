"""The web form over HTTP: field errors in the customer's language, 202 and the ticket number."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.tickets import TicketCreated, TicketInboundFailed
from services.intake.tests.intake_support import EventSpy, IntakeUnderTest
from tests.support.events import publish_event, ticket_snapshot
from tests.support.processes import eventually_async

pytestmark = pytest.mark.integration


def _form(**changes: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "name": "Ana Paula Ribeiro",
        "email": "ana.ribeiro@exemplo.com.br",
        "phone": "(11) 98765-4321",
        "organization": {"name": "Ribeiro Comércio Ltda", "cnpj": "11.222.333/0001-81"},
        "category": "financeiro",
        "subcategory": "boleto",
        "subject": "Segunda via do boleto",
        "description": f"Preciso da segunda via do boleto de março ({uuid.uuid4().hex[:6]}).",
    }
    form.update(changes)
    return form


@pytest.fixture
async def client(intake: IntakeUnderTest) -> Any:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as http:
        yield http


async def test_invalid_form_gets_422_with_a_pt_br_message_per_field(client: Any) -> None:
    reply = await client.post("/v1/webform", json=_form(email="ana@", phone="123", category="x"))

    assert reply.status_code == 422
    assert reply.headers["content-type"] == "application/problem+json"
    errors = {e["field"]: e["message"] for e in reply.json()["errors"]}
    assert errors == {
        "email": "Informe um e-mail válido.",
        "phone": "Informe um telefone válido, com DDD.",
        "category": "Escolha uma categoria da lista.",
    }


async def test_invalid_form_speaks_english_when_the_browser_asks(client: Any) -> None:
    reply = await client.post(
        "/v1/webform", json=_form(subject="", organization={"name": "X", "cnpj": "1"}),
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )  # fmt: skip

    assert reply.status_code == 422
    errors = {e["field"]: e["message"] for e in reply.json()["errors"]}
    assert errors == {
        "subject": "This field is required.",
        "organization.cnpj": "Invalid CNPJ: please check the digits.",
    }


async def test_valid_form_is_pending_until_tickets_reports_the_ticket_number(
    client: Any, spy: EventSpy, intake: IntakeUnderTest
) -> None:
    reply = await client.post("/v1/webform", json=_form())
    assert reply.status_code == 202
    submission_id = reply.json()["submission_id"]
    status_url = reply.headers["location"]
    assert (await client.get(status_url)).json()["status"] == "pending"

    event = await spy.about(f"webform:{submission_id}")
    assert event["channel"] == "webform"
    assert event["sender"]["phone"] == "+5511987654321"
    assert event["form"]["organization"]["cnpj"] == "11222333000181"
    assert event["threading"]["external_ids"]["submission"] == submission_id

    created = TicketCreated(ticket=ticket_snapshot(424242), inbound_id=event["inbound_id"])
    await publish_event(intake.amqp_url, intake.run.namespace, new_envelope(created, producer="t"))

    async def ticket_number() -> int | None:
        return (await client.get(status_url)).json()["ticket_number"]

    assert await eventually_async(ticket_number, what="ticket number shown") == 424242
    assert (await client.get(status_url)).json()["status"] == "ticket_created"


async def test_multipart_form_with_files_lists_them_and_flags_the_dangerous_one(
    client: Any, spy: EventSpy
) -> None:
    fields = {k: v for k, v in _form().items() if k != "organization"}
    files = [
        ("attachments", ("boleto.pdf", b"%PDF-1.4 boleto", "application/pdf")),
        ("attachments", ("fatura.pdf.exe", b"MZ\x90\x00", "application/octet-stream")),
    ]
    reply = await client.post("/v1/webform", data=fields, files=files)

    assert reply.status_code == 202
    event = await spy.about(f"webform:{reply.json()['submission_id']}")
    assert [(a["filename"], a["dangerous"]) for a in event["attachments"]] == [
        ("boleto.pdf", False),
        ("fatura.pdf.exe", True),
    ]


async def test_the_same_submission_posted_twice_opens_one_ticket(
    client: Any, spy: EventSpy
) -> None:
    form = _form()
    first = await client.post("/v1/webform", json=form)
    second = await client.post("/v1/webform", json=form)

    assert first.json()["submission_id"] == second.json()["submission_id"]
    inbound_id = f"webform:{first.json()['submission_id']}"
    await spy.about(inbound_id)
    sentinel = await client.post("/v1/webform", json=_form())
    await spy.about(f"webform:{sentinel.json()['submission_id']}")
    assert len(spy.matching(lambda e: e["payload"].get("inbound_id") == inbound_id)) == 1


async def test_unknown_submission_is_404(client: Any) -> None:
    assert (await client.get("/v1/submissions/nao-existe")).status_code == 404


async def test_html_form_works_without_javascript(client: Any, spy: EventSpy) -> None:
    page = await client.get("/form")
    assert page.status_code == 200
    assert '<form method="post" action="/form" enctype="multipart/form-data">' in page.text
    assert "<script>" not in page.text  # only the project's own files, as enhancements

    fields = {k: v for k, v in _form().items() if k != "organization"}
    fields |= {"organization.name": "Ribeiro Ltda", "lang": "pt-BR"}
    result = await client.post("/form", data=fields, files=[("attachments", ("", b"", ""))])

    assert result.status_code == 200
    assert "Recebemos sua solicitação" in result.text
    submission = re.search(r'id="submission-id">([^<]+)<', result.text)
    assert submission is not None
    event = await spy.about(f"webform:{submission[1]}")
    assert event["form"]["organization"]["name"] == "Ribeiro Ltda"
    assert event["attachments"] == []


async def test_html_form_shows_field_errors_in_the_page(client: Any) -> None:
    result = await client.post("/form", data={"name": "Ana", "email": "nao-e-email", "lang": "en"})

    assert result.status_code == 422
    assert "Enter a valid email address." in result.text
    assert 'value="Ana"' in result.text


async def test_a_submission_tickets_gave_up_on_shows_the_failure_not_pending(
    client: Any, spy: EventSpy, intake: IntakeUnderTest
) -> None:
    reply = await client.post("/v1/webform", json=_form())
    assert reply.status_code == 202
    status_url = reply.headers["location"]
    inbound_id = f"webform:{reply.json()['submission_id']}"
    await spy.about(inbound_id)

    failed = TicketInboundFailed(inbound_id=inbound_id, reason="gave up after 4 attempts: ...")
    await publish_event(intake.amqp_url, intake.run.namespace, new_envelope(failed, producer="t"))

    async def failure() -> dict[str, Any] | None:
        body: dict[str, Any] = (
            await client.get(status_url, headers={"Accept-Language": "en"})
        ).json()
        return body if body["status"] != "pending" else None

    shown = await eventually_async(failure, what="the failure shown")
    assert shown["status"] == "failed"
    assert shown["ticket_number"] is None
    assert shown["reason"].startswith("We could not turn this request into a ticket.")
    page = await client.get(f"/form/submissions/{reply.json()['submission_id']}")
    assert "Não conseguimos registrar esta solicitação" in page.text
