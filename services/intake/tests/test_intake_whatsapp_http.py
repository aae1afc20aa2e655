"""The WhatsApp Cloud API webhook: handshake, signature, messages, statuses and dedupe."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest

from services.intake.tests.intake_support import (
    WHATSAPP_VERIFY_TOKEN,
    EventSpy,
    IntakeUnderTest,
    sign,
)

pytestmark = pytest.mark.integration
CUSTOMER = "5511987654321"


def _webhook(value: dict[str, Any]) -> bytes:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "551140028922", "phone_number_id": "106540352242922"},
        **value,
    }
    entry = {"id": "102290129340398", "changes": [{"field": "messages", "value": value}]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()


def _message(**content: Any) -> tuple[str, bytes]:
    wamid = f"wamid.{uuid.uuid4().hex}"
    message = {"from": CUSTOMER, "id": wamid, "timestamp": "1712345678", **content}
    contacts = [{"profile": {"name": "Maria Souza"}, "wa_id": CUSTOMER}]
    return wamid, _webhook({"contacts": contacts, "messages": [message]})


@pytest.fixture
async def client(intake: IntakeUnderTest) -> Any:
    async with httpx.AsyncClient(base_url=intake.url, timeout=30) as http:
        yield http


async def _post(client: Any, body: bytes, signature: str | None = "sign") -> httpx.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = sign(body) if signature == "sign" else signature
    response: httpx.Response = await client.post(
        "/v1/whatsapp/webhook", content=body, headers=headers
    )
    return response


async def test_handshake_echoes_the_challenge_for_the_right_token_only(client: Any) -> None:
    query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
    right = await client.get(
        "/v1/whatsapp/webhook", params={**query, "hub.verify_token": WHATSAPP_VERIFY_TOKEN}
    )
    wrong = await client.get("/v1/whatsapp/webhook", params={**query, "hub.verify_token": "x"})

    assert (right.status_code, right.text) == (200, "1158201444")
    assert wrong.status_code == 403


@pytest.mark.parametrize("signature", [None, "sha256=" + "0" * 64, "sha1=abc"])
async def test_call_without_a_valid_signature_gets_401(client: Any, signature: str | None) -> None:
    _, body = _message(type="text", text={"body": "oi"})

    assert (await _post(client, body, signature)).status_code == 401


async def test_text_message_becomes_one_event_even_when_delivered_twice(
    client: Any, spy: EventSpy
) -> None:
    wamid, body = _message(type="text", text={"body": "Meu boleto não chegou"})

    first, second = await _post(client, body), await _post(client, body)

    assert first.json()["received"][0]["outcome"] == "accepted"
    assert second.json()["received"][0]["outcome"] == "duplicate"
    event = await spy.about(f"whatsapp:{wamid}")
    assert event["channel"] == "whatsapp"
    assert event["text"] == "Meu boleto não chegou"
    assert event["sender"] == {
        "name": "Maria Souza", "email": None, "phone": f"+{CUSTOMER}",
        "whatsapp_id": CUSTOMER, "external_id": None,
    }  # fmt: skip
    assert event["threading"]["external_ids"] == {
        "whatsapp_conversation": CUSTOMER,
        "whatsapp_wamid": wamid,
    }


async def test_media_location_and_button_reply_keep_what_the_agent_needs(
    client: Any, spy: EventSpy
) -> None:
    image = {"id": "1479537139650973", "mime_type": "image/jpeg", "caption": "Tela de erro"}
    media_id, media = _message(type="image", image=image)
    place = {"latitude": -23.5613, "longitude": -46.6565, "name": "Loja Paulista"}
    location_id, location = _message(type="location", location=place)
    button = {"type": "button_reply", "button_reply": {"id": "resolvido", "title": "Sim, resolveu"}}
    button_id, reply = _message(type="interactive", interactive=button)

    for body in (media, location, reply):
        assert (await _post(client, body)).status_code == 200

    media_event = await spy.about(f"whatsapp:{media_id}")
    assert media_event["text"] == "Tela de erro"
    assert media_event["threading"]["external_ids"]["whatsapp_media_id"] == "1479537139650973"
    location_event = await spy.about(f"whatsapp:{location_id}")
    assert location_event["location"]["name"] == "Loja Paulista"
    button_event = await spy.about(f"whatsapp:{button_id}")
    assert button_event["text"] == "Sim, resolveu"
    assert button_event["threading"]["external_ids"]["whatsapp_reply_id"] == "resolvido"


async def test_status_callback_becomes_a_delivery_status_event(client: Any, spy: EventSpy) -> None:
    wamid = f"wamid.{uuid.uuid4().hex}"
    status = {
        "id": wamid, "status": "failed", "timestamp": "1712345690", "recipient_id": CUSTOMER,
        "errors": [{"code": 131047, "title": "Re-engagement message"}],
    }  # fmt: skip
    body = _webhook({"statuses": [status]})

    assert (await _post(client, body)).status_code == 200
    events = await spy.wait_for(lambda e: e["payload"].get("provider_message_id") == wamid)
    assert events[0]["routing_key"] == "intake.delivery_status.v1"
    payload = events[0]["payload"]
    assert (payload["status"], payload["error_code"]) == ("failed", "131047")
    assert payload["recipient"] == CUSTOMER


async def test_a_status_carries_the_callback_data_we_sent_so_notify_can_name_its_delivery(
    client: Any, spy: EventSpy
) -> None:
    wamid, reference = (
        f"wamid.{uuid.uuid4().hex}",
        f"{uuid.uuid4()}/whatsapp/c-0a1b2c3d4e5f6a7b8c9d",
    )
    status = {
        "id": wamid, "status": "delivered", "timestamp": "1712345690", "recipient_id": CUSTOMER,
        "biz_opaque_callback_data": reference,
    }  # fmt: skip
    overlong = {**status, "id": f"wamid.{uuid.uuid4().hex}", "biz_opaque_callback_data": "x" * 513}

    assert (await _post(client, _webhook({"statuses": [status, overlong]}))).status_code == 200
    [event] = await spy.wait_for(lambda e: e["payload"].get("provider_message_id") == wamid)
    assert event["payload"]["callback_reference"] == reference
    [other] = await spy.wait_for(
        lambda e: e["payload"].get("provider_message_id") == overlong["id"]
    )
    assert other["payload"]["callback_reference"] is None


async def test_signed_body_that_is_not_a_webhook_gets_400(client: Any) -> None:
    assert (await _post(client, b'{"object": "page"}')).status_code == 400
