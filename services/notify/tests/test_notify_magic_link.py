"""The sign-in link to "Meus chamados": an email about the account, not about a ticket."""

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from uuid import UUID

import pytest

from helpdesk_contracts.events.customers import CustomerMagicLinkRequested
from notify.customer_notices import magic_link_notice
from notify.domain.contacts import Channel, ContactPreferences
from notify.domain.delivery import DeliveryKey
from notify.domain.email_message import EmailThread, MailSender, build_email
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.domain.preferences import plan_channels
from notify.domain.rendering import MessageRenderer, RenderedMessage

EVENT_ID = UUID("0d9e8f7a-1b2c-4d3e-8f40-5a6b7c8d9e0f")
ASKED_AT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
LINK = "https://suporte.acme.com.br/meus-chamados?code=Zx8-secret_code"


def requested(language: str = "pt-BR") -> NotificationRequest:
    event = CustomerMagicLinkRequested(
        contact_id="c-ana",
        name="Ana Souza",
        email="ana@example.com.br",
        language=language,  # type: ignore[arg-type]
        link=LINK,
        expires_at=ASKED_AT + timedelta(minutes=15),
    )
    return magic_link_notice(EVENT_ID, event, ASKED_AT).request


def rendered(request: NotificationRequest) -> RenderedMessage:
    return MessageRenderer(brand="Acme").render(request, request.recipients[0])


def test_link_email_in_portuguese_names_the_link_its_lifetime_and_what_to_do_if_unasked() -> None:
    message = rendered(requested())

    assert message.subject == "Seu link de acesso a Meus chamados — Acme"
    assert LINK in message.text
    assert f'href="{LINK}"' in message.html
    assert "vale por 15 minutos e funciona uma única vez" in message.text
    assert "Se não foi você quem pediu, ignore esta mensagem" in message.text
    assert "Nunca pedimos sua senha" in message.text
    assert "Protocolo" not in message.text  # about the account, not a ticket
    assert "responder a este e-mail" not in message.text


def test_link_email_is_in_english_when_the_contact_prefers_it() -> None:
    message = rendered(requested("en"))

    assert message.subject == "Your sign-in link to My tickets — Acme"
    assert "valid for 15 minutes and works only once" in message.text
    assert message.text.startswith("Hello Ana,")


@pytest.mark.parametrize("kind", [NotificationKind.MAGIC_LINK, NotificationKind.EMAIL_CODE])
def test_link_or_chat_code_goes_by_email_only_even_to_a_contact_who_opted_out_of_email(
    kind: NotificationKind,
) -> None:
    contact = (
        requested()
        .recipients[0]
        .model_copy(
            update={
                "whatsapp_id": "5511987654321",
                "preferences": ContactPreferences(
                    preferred_channels=(Channel.WHATSAPP,), opted_out=frozenset({Channel.EMAIL})
                ),
            }
        )
    )

    plan = plan_channels(contact, kind)

    assert plan.channels == (Channel.EMAIL,)
    assert [t.address for t in plan.targets] == ["ana@example.com.br"]


@pytest.mark.parametrize("language", ["pt-BR", "en"])
def test_link_email_has_no_reply_address_or_ticket_header(language: str) -> None:
    request = requested(language)
    key = DeliveryKey(event_id=EVENT_ID, channel=Channel.EMAIL, recipient="c-ana")
    built = build_email(
        message=rendered(request),
        kind=request.kind,
        ticket_number=request.ticket_number,
        to_name="Ana Souza",
        to_address="ana@example.com.br",
        sender=MailSender(display_name="Suporte Acme", local_part="suporte", domain="acme.com"),
        thread=EmailThread(),
        delivery_key=key,
        sent_at=ASKED_AT,
    )
    email = message_from_bytes(built.as_bytes(), policy=policy.default)
    assert isinstance(email, EmailMessage)

    assert email["Reply-To"] is None
    assert email["X-Helpdesk-Ticket"] is None
    assert email["X-Helpdesk-Notification"] == "magic_link"
    assert email["Auto-Submitted"] == "auto-generated"
    assert not str(email["Subject"]).startswith("[#")
