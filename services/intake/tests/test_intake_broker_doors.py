"""Raw inbound from channel gateways over RabbitMQ, and chat transcripts, become events too."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.chat import ChatCustomer, ChatSessionEnded, TranscriptLine
from helpdesk_contracts.inbound import REJECTION_HEADER
from helpdesk_contracts.topology import INBOUND_EXCHANGE
from services.intake.tests.intake_support import EventSpy, IntakeUnderTest, unique_mail
from tests.support.amqp import get_message
from tests.support.events import publish, publish_event
from tests.support.processes import eventually, metric_value

pytestmark = pytest.mark.integration


async def _publish_raw(intake: IntakeUnderTest, routing_key: str, body: bytes) -> None:
    await publish(
        intake.amqp_url, intake.run.namespace, routing_key, body, exchange=INBOUND_EXCHANGE
    )


def _rejected(intake: IntakeUnderTest) -> float:
    metrics = httpx.get(f"{intake.url}/metrics", timeout=10).text
    return metric_value(
        metrics, "helpdesk_messages_total", queue="intake.raw-inbound", outcome="rejected"
    )


async def test_raw_email_from_a_gateway_is_published_like_smtp_mail(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    raw = unique_mail("Via gateway", "Mensagem vinda do gateway de e-mail.")
    message_id = raw.split(b"Message-ID: ")[1].split(b"\r\n")[0].decode()

    await _publish_raw(intake, "inbound.email.v1", raw)

    event = await spy.about(f"email:{message_id}")
    assert event["text"] == "Mensagem vinda do gateway de e-mail."


async def test_web_form_json_from_a_partner_backend_is_published(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    submission_id = f"parceiro-{uuid.uuid4().hex[:8]}"
    form = {
        "name": "Carlos Méndez", "email": "carlos@transportes.com.br", "category": "tecnico",
        "subcategory": "erro", "subject": "Erro 500", "description": "Erro ao emitir nota.",
        "language": "en", "submission_id": submission_id,
    }  # fmt: skip

    await _publish_raw(intake, "inbound.webform.v1", json.dumps(form).encode())

    event = await spy.about(f"webform:{submission_id}")
    assert (event["channel"], event["language"]) == ("webform", "en")


@pytest.mark.parametrize(
    ("routing_key", "body", "reason"),
    [
        ("inbound.email.v1", b"   ", "unparseable: empty message"),
        ("inbound.webform.v1", b'{"name": "Ana"}', "invalid: invalid web form: email:"),
        ("inbound.whatsapp.v1", b'{"object": 1}', "invalid: not a WhatsApp webhook"),
        ("inbound.fax.v1", b"%PDF", "unknown raw inbound routing key"),
    ],
)
async def test_invalid_raw_inbound_goes_to_the_dead_letter_queue_with_its_reason(
    intake: IntakeUnderTest, routing_key: str, body: bytes, reason: str
) -> None:
    before = _rejected(intake)

    await _publish_raw(intake, routing_key, body)

    dead = await get_message(intake.amqp_url, f"{intake.run.namespace}intake.dlq")
    assert dead.body == body
    assert str(dead.headers[REJECTION_HEADER]).startswith(reason)
    eventually(lambda: _rejected(intake) > before, what="rejection counted in /metrics")


async def test_finished_chat_becomes_a_chat_message_on_its_ticket(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    started = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)
    session_id = f"chat-{uuid.uuid4().hex[:8]}"
    lines = [
        TranscriptLine(
            author_kind="customer", author_name="Ana", text="Oi, o boleto não abre", at=started
        ),
        TranscriptLine(
            author_kind="agent", author_name="Bruno", text="Vou verificar",
            at=started + timedelta(minutes=2),
        ),
    ]  # fmt: skip
    ended = ChatSessionEnded(
        session_id=session_id,
        customer=ChatCustomer(name="Ana", email="ana@example.com.br"),
        started_at=started,
        ended_at=started + timedelta(minutes=5),
        ended_by="agent",
        transcript=tuple(lines),
        ticket_number=123456,
    )

    await publish_event(intake.amqp_url, intake.run.namespace, new_envelope(ended, producer="chat"))

    event = await spy.about(f"chat:{session_id}")
    assert event["channel"] == "chat"
    assert event["text"] == "[11:00] Ana: Oi, o boleto não abre\n[11:02] Bruno: Vou verificar"
    assert event["subject"] == "Oi, o boleto não abre"  # the ticket's title: her first line
    assert event["threading"]["ticket_number_hint"] == 123456
    assert event["threading"]["external_ids"] == {"chat_session": session_id}


async def test_a_later_part_of_a_chat_is_its_own_message_with_the_customers_rating(
    intake: IntakeUnderTest, spy: EventSpy
) -> None:
    started = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)
    session_id = f"chat-{uuid.uuid4().hex[:8]}"
    customer = ChatCustomer(name="Ana", email="ana@example.com.br")

    def part(seq: int, text: str, rating: int | None = None) -> ChatSessionEnded:
        line = TranscriptLine(
            seq=seq, author_kind="customer", author_name="Ana", text=text, at=started
        )
        return ChatSessionEnded(
            session_id=session_id, customer=customer, started_at=started, ended_at=started,
            ended_by="customer", rating=rating, transcript=(line,), ticket_number=123456,
        )  # fmt: skip

    for payload in (part(1, "Oi"), part(7, "Segue o print", rating=4)):
        envelope = new_envelope(payload, producer="chat")
        await publish_event(intake.amqp_url, intake.run.namespace, envelope)

    first = await spy.about(f"chat:{session_id}")
    later = await spy.about(f"chat:{session_id}:7")
    assert first["text"] == "[11:00] Ana: Oi"
    assert later["text"] == ("[11:00] Ana: Segue o print\nAvaliação do atendimento no chat: 4 de 5")
