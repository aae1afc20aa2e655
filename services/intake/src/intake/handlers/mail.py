"""An inbound email (SMTP, POST, broker) becomes an archived message and at most one event."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import structlog
from pydantic import ValidationError

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import DeliveryStatus, MessageReceived, ThreadingHints
from intake.adapters.archive import ArchiveEntry, StoredFile
from intake.domain.email_models import InboundEmail, UnparseableEmail
from intake.domain.email_parsing import parse_email
from intake.handlers.reception import (
    PRODUCER,
    InboundRefused,
    Received,
    Reception,
    attachment_refs,
)

log = structlog.get_logger(__name__)
# Parsing a small message is quicker in the event loop than the hop to a thread.
_PARSE_IN_THREAD_FROM = 256 * 1024


def _files(inbound_id: str, email: InboundEmail) -> list[StoredFile]:
    return [
        StoredFile(
            attachment_id=f"{inbound_id}/{position}",
            filename=item.filename,
            content_type=item.content_type,
            content=item.content,
            sha256=item.sha256,
            inline=item.inline,
            dangerous=item.dangerous,
            risk_reason=item.risk_reason,
        )
        for position, item in enumerate(email.attachments, start=1)
    ]


def _message_event(
    inbound_id: str, email: InboundEmail, files: Sequence[StoredFile], recipients: Sequence[str]
) -> Envelope[MessageReceived]:
    hint = email.ticket_number_hint
    payload = MessageReceived(
        inbound_id=inbound_id,
        channel="email",
        received_at=datetime.now(UTC),
        sender=Person(name=email.sender.name, email=email.sender.address),
        recipients=tuple(recipients) or tuple(a.address for a in (*email.to, *email.cc)),
        subject=email.subject,
        text=email.visible_text,
        full_text=email.text,
        html=email.html,
        attachments=attachment_refs(files),
        threading=ThreadingHints(
            message_id=email.message_id,
            in_reply_to=email.in_reply_to,
            references=email.references,
            reply_token=email.reply_token,
            ticket_number_hint=int(hint) if hint else None,
        ),
        raw_ref=inbound_id,
    )
    return new_envelope(payload, producer=PRODUCER)


def _bounce_event(email: InboundEmail) -> Envelope[DeliveryStatus] | None:
    bounce = email.bounce
    # A delayed DSN is not an outcome yet (the relay still retries): recorded, not published.
    if bounce is None or bounce.original_message_id is None or bounce.action != "failed":
        return None
    payload = DeliveryStatus(
        channel="email",
        provider_message_id=bounce.original_message_id,
        status="bounced" if bounce.permanent else "failed",
        recipient=bounce.failed_recipient,
        error_code=bounce.status,
        error_reason=bounce.reason or None,
        reported_at=email.date or datetime.now(UTC),
    )
    return new_envelope(payload, producer=PRODUCER)


def _events(
    inbound_id: str, email: InboundEmail, files: Sequence[StoredFile], recipients: Sequence[str]
) -> list[Envelope[Any]]:
    try:
        if email.kind == "message":
            return [_message_event(inbound_id, email, files, recipients)]
        bounce = _bounce_event(email) if email.kind == "bounce" else None
        return [bounce] if bounce is not None else []
    except ValidationError as error:
        problem = error.errors(include_url=False)[0]
        where = ".".join(str(part) for part in problem["loc"])
        reason = f"{where}: {problem['msg']}"
        if where.startswith("sender"):
            raise InboundRefused("invalid_sender", reason) from None
        raise InboundRefused("unparseable", reason) from None


async def _parse(
    raw: bytes, reception: Reception, sender: str | None, recipients: Sequence[str]
) -> InboundEmail | UnparseableEmail:
    policy = reception.policy
    arguments: dict[str, Any] = {
        "support_addresses": policy.support_addresses,
        "own_addresses": policy.own_addresses,
        "envelope_sender": sender,
        "envelope_recipients": recipients,
    }
    if len(raw) < _PARSE_IN_THREAD_FROM:
        return parse_email(raw, **arguments)
    return await asyncio.to_thread(parse_email, raw, **arguments)


async def receive_email(
    raw: bytes,
    *,
    reception: Reception,
    envelope_sender: str | None = None,
    envelope_recipients: Sequence[str] = (),
) -> Received:
    """Archive one raw RFC 5322 message once and queue its event; raises InboundRefused."""
    limits = reception.policy.limits
    if breach := limits.check_total_size(len(raw)):
        raise InboundRefused("too_large", breach.reason)
    email = await _parse(raw, reception, envelope_sender, envelope_recipients)
    if isinstance(email, UnparseableEmail):
        raise InboundRefused("unparseable", email.reason)
    if breach := limits.check_email(email):
        raise InboundRefused("too_large", breach.reason)
    inbound_id = f"email:{email.message_id}"
    # Our own mail coming back is kept as a record (GET /v1/inbound/{id} says why it opened
    # nothing), without its files: nobody will act on it.
    files = _files(inbound_id, email) if email.kind != "own" else []
    events = _events(inbound_id, email, files, envelope_recipients)
    summary = {
        "sender": email.sender.address,
        "subject": email.subject,
        "kind_reason": email.kind_reason,
        "bounce": email.bounce.model_dump() if email.bounce else None,
        "defects": list(email.defects),
    }
    entry = ArchiveEntry(inbound_id, "email", email.kind, summary, events, raw=raw, files=files)
    stored = await reception.archive.store(entry)
    if email.kind == "own":
        log.info("dropped mail from our own address", sender=email.sender.address, id=inbound_id)
        reception.counter.count("email", "dropped")
        return Received(inbound_id, "dropped")
    if stored and not events:
        log.info("recorded without an event", kind=email.kind, reason=email.kind_reason)
        reception.counter.count("email", "recorded")
        return Received(inbound_id, "recorded")
    return reception.received("email", inbound_id, stored)
