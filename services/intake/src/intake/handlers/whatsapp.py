"""A WhatsApp Cloud API webhook call: messages become message events, statuses delivery events."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import (
    CALLBACK_REFERENCE_MAX_LENGTH,
    DeliveryStatus,
    Location,
    MessageReceived,
    ThreadingHints,
)
from intake.adapters.archive import ArchiveEntry
from intake.domain.whatsapp_messages import WhatsAppMessage, WhatsAppStatus
from intake.domain.whatsapp_webhook import InvalidWebhookPayload, parse_webhook
from intake.handlers.reception import PRODUCER, InboundRefused, Received, Reception


def _external_ids(message: WhatsAppMessage) -> dict[str, str]:
    ids = {"whatsapp_conversation": message.from_wa_id, "whatsapp_wamid": message.wamid}
    if message.media is not None:
        ids["whatsapp_media_id"] = message.media.media_id
        ids["whatsapp_media_type"] = message.message_type
        if message.media.mime_type:
            ids["whatsapp_media_mime_type"] = message.media.mime_type
    if message.reply is not None and message.reply.reply_id:
        ids["whatsapp_reply_id"] = message.reply.reply_id
    if message.context_wamid:
        ids["whatsapp_context_wamid"] = message.context_wamid
    return ids


def _message_event(inbound_id: str, message: WhatsAppMessage) -> Envelope[MessageReceived]:
    place = message.location
    payload = MessageReceived(
        inbound_id=inbound_id,
        channel="whatsapp",
        received_at=message.timestamp,
        sender=Person(
            name=message.profile_name,
            phone=f"+{message.from_wa_id}",
            whatsapp_id=message.from_wa_id,
        ),
        recipients=(message.phone_number_id,),
        text=message.text or "",
        full_text=message.text or "",
        threading=ThreadingHints(external_ids=_external_ids(message)),
        location=Location(**place.model_dump()) if place else None,
        raw_ref=inbound_id,
    )
    return new_envelope(payload, producer=PRODUCER)


def _status_event(status: WhatsAppStatus) -> Envelope[DeliveryStatus] | None:
    if status.status == "deleted":  # the customer deleted it: nothing to tell about delivery
        return None
    error = status.errors[0] if status.errors else None
    payload = DeliveryStatus(
        channel="whatsapp",
        provider_message_id=status.wamid,
        callback_reference=_callback_reference(status.callback_data),
        status=status.status,
        recipient=status.recipient_wa_id,
        error_code=str(error.code) if error else None,
        error_reason=(error.message or error.title) if error else None,
        reported_at=status.timestamp,
    )
    return new_envelope(payload, producer=PRODUCER)


def _callback_reference(callback_data: str | None) -> str | None:
    """Ours fits WhatsApp's limit: a longer value names no delivery of ours and is left out."""
    if callback_data and len(callback_data) <= CALLBACK_REFERENCE_MAX_LENGTH:
        return callback_data
    return None


def _entry(item: WhatsAppMessage | WhatsAppStatus) -> ArchiveEntry:
    raw = item.model_dump_json().encode()
    if isinstance(item, WhatsAppMessage):
        inbound_id = f"whatsapp:{item.wamid}"
        summary = {"sender": item.from_wa_id, "type": item.message_type}
        return ArchiveEntry(
            inbound_id, "whatsapp", "message", summary, [_message_event(inbound_id, item)], raw=raw
        )
    # Each status of a message is its own fact: the same callback twice is one fact.
    inbound_id = f"whatsapp-status:{item.wamid}:{item.status}"
    event = _status_event(item)
    summary = {"recipient": item.recipient_wa_id, "status": item.status}
    events = [event] if event is not None else []
    return ArchiveEntry(inbound_id, "whatsapp", "status", summary, events, raw=raw)


async def receive_whatsapp(payload: Mapping[str, Any], *, reception: Reception) -> list[Received]:
    """Archive each message and status of one webhook call once; raises InboundRefused."""
    try:
        items = parse_webhook(payload)
    except InvalidWebhookPayload as invalid:
        raise InboundRefused("invalid", invalid.reason) from None
    received = []
    for item in items:
        entry = _entry(item)
        stored = await reception.archive.store(entry)
        received.append(reception.received("whatsapp", entry.inbound_id, stored))
    return received
