"""The development WhatsApp sandbox answers as the Cloud API does, and the customer command
writes webhooks intake accepts (pure: no processes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient

from deploy.devkit.conversations import Conversations
from deploy.devkit.sandbox_config import WhatsAppDevConfig
from deploy.devkit.whatsapp_customer import CustomerText, signature, status_body, webhook_body
from deploy.devkit.whatsapp_sandbox import sandbox_app
from intake.domain.whatsapp_messages import WhatsAppMessage, WhatsAppStatus
from intake.domain.whatsapp_signature import verify_signature
from intake.domain.whatsapp_webhook import parse_webhook

NOW = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)
CUSTOMER = "5511987654321"
PROTOCOL = "2026000042"


def text(body: str = "Seu pedido saiu para entrega") -> dict[str, Any]:
    return {"messaging_product": "whatsapp", "to": CUSTOMER, "type": "text", "text": {"body": body}}


def template(name: str = "helpdesk_agent_reply") -> dict[str, Any]:
    return {
        "messaging_product": "whatsapp",
        "to": CUSTOMER,
        "type": "template",
        "template": {
            "name": name,
            "language": {"code": "pt_BR"},
            "components": [{"type": "body", "parameters": [{"type": "text", "text": PROTOCOL}]}],
        },
    }


def test_free_text_to_a_customer_who_never_wrote_is_refused_with_error_131047() -> None:
    status, answer = Conversations().business_sends(text(), NOW)
    assert status == 400
    assert answer["error"]["code"] == 131047
    assert "Re-engagement message" in answer["error"]["message"]


def test_a_customer_message_opens_the_window_for_free_text_for_24_hours() -> None:
    talk = Conversations()
    talk.customer_wrote(customer=CUSTOMER, text="Oi", at=NOW, wamid="wamid.in1")
    status, answer = talk.business_sends(text(), NOW + timedelta(hours=23, minutes=59))
    assert status == 200
    assert answer["messages"][0]["id"].startswith("wamid.")
    assert answer["contacts"] == [{"input": CUSTOMER, "wa_id": CUSTOMER}]
    refused, _ = talk.business_sends(text(), NOW + timedelta(hours=24))
    assert refused == 400


def test_templates_are_accepted_outside_the_window_and_shown_with_their_values() -> None:
    talk = Conversations()
    status, answer = talk.business_sends(template(), NOW)
    assert status == 200
    assert answer["messages"][0]["message_status"] == "accepted"
    [sent] = talk.by_customer()[CUSTOMER]
    assert (sent.template, sent.language) == ("helpdesk_agent_reply", "pt_BR")
    assert sent.text == "{{1}} = " + PROTOCOL


def test_the_sandbox_refuses_a_wrong_access_token_as_meta_does() -> None:
    config = WhatsAppDevConfig.generate()
    client = TestClient(sandbox_app(config))
    path = f"/{config.api_version}/{config.phone_number_id}/messages"
    refused = client.post(path, json=template(), headers={"Authorization": "Bearer wrong"})
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == 190
    bearer = {"Authorization": f"Bearer {config.access_token}"}
    assert client.post(path, json=template(), headers=bearer).status_code == 200
    page = client.get("/")
    assert "helpdesk_agent_reply" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


def test_the_customer_command_writes_a_webhook_intake_verifies_and_reads() -> None:
    config = WhatsAppDevConfig.generate()
    message = CustomerText(CUSTOMER, "Meu pedido não chegou", NOW, "Joana Lima", "wamid.abc")
    body = webhook_body(message, config)

    assert verify_signature(body, signature(body, config.app_secret), config.app_secret)
    assert not verify_signature(body, signature(body, "another secret"), config.app_secret)
    [parsed] = parse_webhook(json.loads(body))
    assert isinstance(parsed, WhatsAppMessage)
    assert (parsed.from_wa_id, parsed.text, parsed.profile_name) == (
        CUSTOMER,
        "Meu pedido não chegou",
        "Joana Lima",
    )
    assert parsed.phone_number_id == config.phone_number_id
    assert parsed.timestamp == NOW


def test_status_callbacks_echo_the_callback_data_the_business_sent_as_meta_does() -> None:
    config = WhatsAppDevConfig.generate()
    reference = "0b5c7a3e-8f0e-4a57-9d0c-2f1e6f6f2a10/whatsapp/c-4f1d2a9b8c7e6d5f4a3b"
    body = status_body(
        wamid="wamid.abc",
        recipient=CUSTOMER,
        status="delivered",
        at=NOW,
        config=config,
        callback_data=reference,
    )
    [parsed] = parse_webhook(json.loads(body))
    assert isinstance(parsed, WhatsAppStatus)
    assert (parsed.wamid, parsed.status, parsed.callback_data) == (
        "wamid.abc",
        "delivered",
        reference,
    )
