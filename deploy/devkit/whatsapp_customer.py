"""Write to the helpdesk as a WhatsApp customer would: a Cloud API webhook call, signed with the
app secret (X-Hub-Signature-256), posted to intake; the sandbox is told first (window open)."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx

from deploy.devkit.conversations import new_wamid
from deploy.devkit.sandbox_config import WhatsAppDevConfig


@dataclass(frozen=True)
class CustomerText:
    """One text a customer sends from their phone."""

    sender: str
    text: str
    sent_at: datetime
    profile_name: str = "Cliente WhatsApp"
    wamid: str = ""


def _webhook(config: WhatsAppDevConfig, **value: Any) -> bytes:
    metadata = {
        "display_phone_number": config.display_phone_number,
        "phone_number_id": config.phone_number_id,
    }
    change = {
        "field": "messages",
        "value": {"messaging_product": "whatsapp", "metadata": metadata, **value},
    }
    entry = {"id": config.business_account_id, "changes": [change]}
    return json.dumps({"object": "whatsapp_business_account", "entry": [entry]}).encode()


def webhook_body(message: CustomerText, config: WhatsAppDevConfig) -> bytes:
    """The JSON Meta posts for one incoming text (Cloud API webhook, field "messages")."""
    text = {
        "from": message.sender,
        "id": message.wamid,
        "timestamp": str(int(message.sent_at.timestamp())),
        "type": "text",
        "text": {"body": message.text},
    }
    contact = {"profile": {"name": message.profile_name}, "wa_id": message.sender}
    return _webhook(config, contacts=[contact], messages=[text])


def status_body(
    *,
    wamid: str,
    recipient: str,
    status: str,
    at: datetime,
    config: WhatsAppDevConfig,
    callback_data: str | None = None,
) -> bytes:
    """The JSON Meta posts when a message it accepted is sent, delivered or read; it echoes the
    message's `biz_opaque_callback_data` when the business sent one."""
    update = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(at.timestamp())),
        "recipient_id": recipient,
    }
    if callback_data:
        update["biz_opaque_callback_data"] = callback_data
    return _webhook(config, statuses=[update])


def signed_headers(body: bytes, config: WhatsAppDevConfig) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "X-Hub-Signature-256": signature(body, config.app_secret),
    }


def signature(body: bytes, app_secret: str) -> str:
    return "sha256=" + hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()


def send_as_customer(message: CustomerText, config: WhatsAppDevConfig) -> dict[str, Any]:
    """Record the message in the sandbox, then post the signed webhook to intake.

    The sandbox hears first, as Meta knows a message before its webhook leaves: the window is
    open by the time notify answers the ticket it opens.

    Returns intake's answer; raises httpx.HTTPStatusError when intake refuses it. A sandbox
    that is not running is no failure: intake has the message either way.
    """
    if not message.wamid:
        message = CustomerText(**{**message.__dict__, "wamid": new_wamid()})
    body = webhook_body(message, config)
    headers = signed_headers(body, config)
    inbound = {
        "customer": message.sender,
        "text": message.text,
        "at": message.sent_at.isoformat(),
        "wamid": message.wamid,
    }
    try:
        httpx.post(f"{config.sandbox_url}/sandbox/api/inbound", json=inbound, timeout=10)
    except httpx.TransportError:
        print(f"(the sandbox at {config.sandbox_url} does not answer: not shown there)")
    answer = httpx.post(
        f"{config.intake_url}/v1/whatsapp/webhook", content=body, headers=headers, timeout=30
    )
    answer.raise_for_status()
    result: dict[str, Any] = answer.json()
    return result
