"""When the hand-over cannot be stored (database gone, another worker holds the delivery), the
relay and the Cloud API never get the message's end: nothing reaches the customer, and the
attempt is one to try again."""

from __future__ import annotations

from email.message import EmailMessage

import pytest

from notify.adapters.smtp_relay import SmtpRelay, SmtpRelayConfig
from notify.adapters.whatsapp_cloud import WhatsAppCloud, WhatsAppCloudConfig
from notify.domain.hand_over import HandOverRefused
from notify.domain.outcomes import OutcomeKind
from services.notify.tests.integration.notify_fakes import (
    PHONE_NUMBER_ID,
    TOKEN,
    CloudApiServer,
    SmtpServer,
)

pytestmark = pytest.mark.integration


async def refuse() -> None:
    raise HandOverRefused("hand-over not stored: the database is restarting")


async def test_an_email_whose_hand_over_is_not_stored_never_reaches_the_relay() -> None:
    message = EmailMessage()
    message["From"], message["To"] = "suporte@acme.com.br", "maria@example.com.br"
    message["Subject"], message["Message-ID"] = "Chamado 1", "<n.1@acme.com.br>"
    message.set_content("Recebemos o seu chamado.\n.\nUma linha que começa com ponto.\n")
    with SmtpServer() as smtp:
        relay = SmtpRelay(SmtpRelayConfig(host="127.0.0.1", port=smtp.port, timeout_s=5))
        refused = await relay.send(
            message,
            sender="suporte@acme.com.br",
            recipient="maria@example.com.br",
            hand_over=refuse,
        )

        async def stored() -> None:
            return None

        taken = await relay.send(
            message,
            sender="suporte@acme.com.br",
            recipient="maria@example.com.br",
            hand_over=stored,
        )
        assert smtp.relay.envelopes == [("suporte@acme.com.br", ["maria@example.com.br"])]
    assert (refused.kind, refused.error_code) == (OutcomeKind.TRANSIENT, "hand_over")
    assert taken.kind is OutcomeKind.ACCEPTED
    [received] = smtp.relay.messages
    assert (
        received.get_content().replace("\r\n", "\n")
        == "Recebemos o seu chamado.\n.\nUma linha que começa com ponto.\n"
    )


async def test_a_whatsapp_message_whose_hand_over_is_not_stored_never_reaches_the_api() -> None:
    body = {"messaging_product": "whatsapp", "to": "5511987654321", "type": "text"}
    with CloudApiServer() as cloud:
        api = WhatsAppCloud(WhatsAppCloudConfig(cloud.base_url, PHONE_NUMBER_ID, TOKEN, 5))
        refused = await api.send({**body, "text": {"body": "Olá"}}, hand_over=refuse)
        assert cloud.record.requests == []
    assert (refused.kind, refused.error_code) == (OutcomeKind.TRANSIENT, "hand_over")
