"""The chat's one-time code: an email to the address the chat customer typed, nowhere else."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

from helpdesk_contracts.events.customers import CustomerEmailCodeRequested
from notify.customer_notices import email_code_notice
from notify.domain.notifications import NotificationRequest
from notify.domain.rendering import MessageRenderer, RenderedMessage

EVENT_ID = UUID("5c1f0b6e-7d2a-4c3b-9e8f-1a2b3c4d5e6f")
ASKED_AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def requested(language: str = "pt-BR") -> NotificationRequest:
    event = CustomerEmailCodeRequested(
        session_id="s-1",
        name="Ana Souza",
        email="ana@example.com.br",
        language=language,  # type: ignore[arg-type]
        code="042917",
        expires_at=ASKED_AT + timedelta(minutes=10),
    )
    return email_code_notice(EVENT_ID, event, ASKED_AT).request


def rendered(request: NotificationRequest) -> RenderedMessage:
    return MessageRenderer(brand="Acme").render(request, request.recipients[0])


def test_code_email_in_portuguese_gives_the_code_its_lifetime_and_what_to_do_if_unasked() -> None:
    message = rendered(requested())

    assert message.subject == "Seu código de verificação do chat — Acme"
    assert "Seu código de verificação é: 042917" in message.text
    assert "042917" in message.html
    assert "vale por 10 minutos e funciona uma única vez" in message.text
    assert "Se não foi você quem pediu, ignore esta mensagem" in message.text


def test_code_email_is_in_english_for_an_english_chat() -> None:
    message = rendered(requested("en"))

    assert message.subject == "Your chat verification code — Acme"
    assert "valid for 10 minutes and works once" in message.text
