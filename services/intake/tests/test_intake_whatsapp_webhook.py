"""WhatsApp Cloud API webhook calls: authenticity checks and normalized messages and statuses."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from intake.domain.whatsapp_messages import WhatsAppMessage, WhatsAppStatus
from intake.domain.whatsapp_signature import verify_signature, verify_subscription
from intake.domain.whatsapp_webhook import InvalidWebhookPayload, parse_webhook

APP_SECRET = "d3adb33f-app-secret"
PHONE_NUMBER_ID = "106540352242922"


def _webhook(value: dict[str, Any], field: str = "messages") -> dict[str, Any]:
    return {
        "object": "whatsapp_business_account",
        "entry": [{"id": "102290129340398", "changes": [{"field": field, "value": value}]}],
    }


def _inbound(message: dict[str, Any]) -> dict[str, Any]:
    return _webhook(
        {
            "messaging_product": "whatsapp",
            "metadata": {
                "display_phone_number": "551140028922",
                "phone_number_id": PHONE_NUMBER_ID,
            },
            "contacts": [{"profile": {"name": "Maria Souza"}, "wa_id": "5511987654321"}],
            "messages": [
                {
                    "from": "5511987654321",
                    "id": "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjBD",
                    "timestamp": "1712345678",
                    **message,
                }
            ],
        }
    )


def _only_message(payload: dict[str, Any]) -> WhatsAppMessage:
    items = parse_webhook(payload)
    assert len(items) == 1
    assert isinstance(items[0], WhatsAppMessage)
    return items[0]


def _signed(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_signature_made_with_the_app_secret_is_accepted() -> None:
    body = json.dumps(_inbound({"type": "text", "text": {"body": "oi"}})).encode()
    assert verify_signature(body, _signed(body), APP_SECRET)


@pytest.mark.parametrize(
    "header",
    [None, "", "sha256=", "sha1=abc", "sha256=" + "0" * 64, "sha256=not-hex-é"],
)
def test_missing_or_wrong_signature_is_refused(header: str | None) -> None:
    assert not verify_signature(b'{"object":"whatsapp_business_account"}', header, APP_SECRET)


def test_signature_over_a_tampered_body_is_refused() -> None:
    body = b'{"entry":[]}'
    assert not verify_signature(body + b" ", _signed(body), APP_SECRET)
    assert not verify_signature(body, _signed(body, "another-secret"), APP_SECRET)


def test_subscription_handshake_echoes_the_challenge_only_for_the_right_token() -> None:
    assert verify_subscription("subscribe", "meu-token", "1158201444", "meu-token") == "1158201444"
    assert verify_subscription("subscribe", "errado", "1158201444", "meu-token") is None
    assert verify_subscription("unsubscribe", "meu-token", "1158201444", "meu-token") is None
    assert verify_subscription("subscribe", None, "1158201444", "meu-token") is None


def test_text_message_keeps_wamid_sender_profile_and_time() -> None:
    message = _only_message(_inbound({"type": "text", "text": {"body": "Meu pedido não chegou"}}))
    assert message.wamid == "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFjNFQjBD"
    assert message.from_wa_id == "5511987654321"
    assert message.profile_name == "Maria Souza"
    assert message.phone_number_id == PHONE_NUMBER_ID
    assert message.timestamp == datetime(2024, 4, 5, 19, 34, 38, tzinfo=UTC)
    assert message.text == "Meu pedido não chegou"


@pytest.mark.parametrize(
    ("kind", "media"),
    [
        (
            "image",
            {
                "caption": "Tela de erro",
                "mime_type": "image/jpeg",
                "sha256": "abc=",
                "id": "1480513609427133",
            },
        ),
        (
            "document",
            {
                "filename": "boleto.pdf",
                "mime_type": "application/pdf",
                "sha256": "def=",
                "id": "889452332587004",
            },
        ),
        (
            "audio",
            {
                "mime_type": "audio/ogg; codecs=opus",
                "sha256": "ghi=",
                "id": "1002433294396581",
                "voice": True,
            },
        ),
        ("video", {"mime_type": "video/mp4", "sha256": "jkl=", "id": "2236318423297735"}),
    ],
)
def test_media_message_keeps_the_media_id_to_download_it(kind: str, media: dict[str, Any]) -> None:
    message = _only_message(_inbound({"type": kind, kind: media}))
    assert message.message_type == kind
    assert message.media is not None
    assert message.media.media_id == media["id"]
    assert message.media.mime_type == media["mime_type"]
    assert message.media.caption == media.get("caption")
    assert message.media.filename == media.get("filename")
    assert message.text == media.get("caption")


def test_location_message_keeps_coordinates_and_place_name() -> None:
    location = {
        "latitude": -23.5613,
        "longitude": -46.6565,
        "name": "Loja Paulista",
        "address": "Av. Paulista, 1000",
    }
    message = _only_message(_inbound({"type": "location", "location": location}))
    assert message.location is not None
    assert (message.location.latitude, message.location.longitude) == (-23.5613, -46.6565)
    assert message.location.name == "Loja Paulista"


def test_interactive_button_reply_is_the_chosen_button() -> None:
    interactive = {
        "type": "button_reply",
        "button_reply": {"id": "resolvido-sim", "title": "Sim, resolvido"},
    }
    message = _only_message(
        _inbound(
            {
                "type": "interactive",
                "interactive": interactive,
                "context": {"from": "551140028922", "id": "wamid.OURS"},
            }
        )
    )
    assert message.reply is not None
    assert (message.reply.kind, message.reply.reply_id) == ("button_reply", "resolvido-sim")
    assert message.text == "Sim, resolvido"
    assert message.context_wamid == "wamid.OURS"


def test_interactive_list_reply_is_the_chosen_row() -> None:
    interactive = {
        "type": "list_reply",
        "list_reply": {"id": "cat-financeiro", "title": "Financeiro", "description": "Boletos"},
    }
    message = _only_message(_inbound({"type": "interactive", "interactive": interactive}))
    assert message.reply is not None
    assert (message.reply.kind, message.reply.title) == ("list_reply", "Financeiro")


def test_legacy_template_button_reply_keeps_payload_and_text() -> None:
    button = {"payload": "AVALIAR_5", "text": "Ótimo"}
    message = _only_message(_inbound({"type": "button", "button": button}))
    assert message.reply is not None
    assert (message.reply.kind, message.reply.reply_id, message.text) == (
        "button",
        "AVALIAR_5",
        "Ótimo",
    )


def test_unsupported_message_type_is_kept_with_its_type() -> None:
    message = _only_message(
        _inbound({"type": "reaction", "reaction": {"message_id": "wamid.X", "emoji": "👍"}})
    )
    assert message.message_type == "reaction"
    assert message.text is None


def _status(status: dict[str, Any]) -> WhatsAppStatus:
    value = {
        "messaging_product": "whatsapp",
        "metadata": {"display_phone_number": "551140028922", "phone_number_id": PHONE_NUMBER_ID},
        "statuses": [
            {
                "id": "wamid.OURS123",
                "recipient_id": "5511987654321",
                "timestamp": "1712345700",
                **status,
            }
        ],
    }
    items = parse_webhook(_webhook(value))
    assert len(items) == 1
    assert isinstance(items[0], WhatsAppStatus)
    return items[0]


@pytest.mark.parametrize("state", ["sent", "delivered", "read"])
def test_delivery_status_names_our_message_and_recipient(state: str) -> None:
    status = _status({"status": state, "conversation": {"id": "c1", "origin": {"type": "service"}}})
    assert (status.wamid, status.status, status.recipient_wa_id) == (
        "wamid.OURS123",
        state,
        "5511987654321",
    )
    assert status.errors == ()


def test_failed_status_carries_error_code_and_title() -> None:
    errors = [
        {
            "code": 131047,
            "title": "Re-engagement message",
            "message": "Re-engagement message",
            "error_data": {"details": "More than 24 hours have passed"},
        }
    ]
    status = _status({"status": "failed", "errors": errors})
    assert status.status == "failed"
    assert [(e.code, e.title) for e in status.errors] == [(131047, "Re-engagement message")]


def test_one_call_can_carry_several_messages_and_statuses_in_order() -> None:
    payload = _inbound({"type": "text", "text": {"body": "primeira"}})
    value = payload["entry"][0]["changes"][0]["value"]
    value["messages"].append(
        {
            "from": "5511987654321",
            "id": "wamid.2",
            "timestamp": "1712345679",
            "type": "text",
            "text": {"body": "segunda"},
        }
    )
    value["statuses"] = [
        {
            "id": "wamid.OURS9",
            "status": "read",
            "timestamp": "1712345680",
            "recipient_id": "5511987654321",
        }
    ]
    items = parse_webhook(payload)
    assert [type(i).__name__ for i in items] == [
        "WhatsAppMessage",
        "WhatsAppMessage",
        "WhatsAppStatus",
    ]


def test_account_update_fields_are_not_messages() -> None:
    payload = _webhook(
        {"event": "APPROVED", "message_template_id": 1}, field="message_template_status_update"
    )
    assert parse_webhook(payload) == []


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"object": "page", "entry": []},
        _webhook({"metadata": {"phone_number_id": "1"}, "messages": [{"type": "text"}]}),
        _webhook({"messages": []}),
    ],
)
def test_payload_that_is_not_a_whatsapp_webhook_is_rejected_with_reason(
    payload: dict[str, Any],
) -> None:
    with pytest.raises(InvalidWebhookPayload) as raised:
        parse_webhook(payload)
    assert raised.value.reason.startswith("not a WhatsApp webhook")
