"""Broker doors: raw inbound from channel gateways, chat transcripts and tickets' answers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.inbound import (
    RAW_EMAIL_ROUTING_KEY,
    WEBFORM_ROUTING_KEY,
    WHATSAPP_ROUTING_KEY,
)
from helpdesk_runtime.delivery import Delivery, Rejected
from intake.handlers.chat import receive_chat_transcript
from intake.handlers.mail import receive_email
from intake.handlers.reception import InboundRefused, Received, Reception, json_object
from intake.handlers.webform import WebformInvalid, event_language, receive_webform
from intake.handlers.whatsapp import receive_whatsapp

_OUTCOMES = {"accepted": "applied", "recorded": "applied", "duplicate": "duplicate"}


def _outcome(received: list[Received]) -> str:
    """The runtime's outcome label: applied when anything new was stored."""
    labels = {_OUTCOMES.get(r.outcome, "ignored") for r in received}
    for label in ("applied", "duplicate"):
        if label in labels:
            return label
    return "ignored"


async def _webform(delivery: Delivery, reception: Reception) -> list[Received]:
    fields = json_object(delivery.body)
    client_id = fields.pop("submission_id", None)
    language = event_language(fields.pop("language", None), "pt-BR")
    try:
        received = await receive_webform(
            fields,
            reception=reception,
            client_id=str(client_id) if client_id else None,
            language=language,
        )
    except WebformInvalid as invalid:
        raise InboundRefused("invalid", f"invalid web form: {invalid}") from None
    return [received]


def raw_inbound_handler(reception: Reception) -> Callable[[Delivery], Awaitable[str]]:
    """Same parsing, validation and dedupe as the HTTP and SMTP doors; bad input to the DLQ.

    An archive outage raises, so the runtime retries the delivery through its delay queues.
    """

    async def handle(delivery: Delivery) -> str:
        try:
            if delivery.routing_key == RAW_EMAIL_ROUTING_KEY:
                return _outcome([await receive_email(delivery.body, reception=reception)])
            if delivery.routing_key == WEBFORM_ROUTING_KEY:
                return _outcome(await _webform(delivery, reception))
            if delivery.routing_key == WHATSAPP_ROUTING_KEY:
                payload = json_object(delivery.body)
                return _outcome(await receive_whatsapp(payload, reception=reception))
        except InboundRefused as refusal:
            raise Rejected(f"{refusal.code}: {refusal.reason}") from None
        raise Rejected(f"unknown raw inbound routing key {delivery.routing_key!r}")

    return handle


def chat_transcript_handler(reception: Reception) -> Callable[[Envelope[Any]], Awaitable[None]]:
    async def handle(envelope: Envelope[Any]) -> None:
        await receive_chat_transcript(envelope, reception=reception)

    return handle


def inbound_failed_handler(reception: Reception) -> Callable[[Envelope[Any]], Awaitable[None]]:
    """Remember that tickets gave up on an inbound message, and why (shown on submissions)."""

    async def handle(envelope: Envelope[Any]) -> None:
        failed = envelope.payload
        await reception.archive.record_failure(
            failed.inbound_id, failed.reason, envelope.occurred_at
        )

    return handle


def ticket_created_handler(reception: Reception) -> Callable[[Envelope[Any]], Awaitable[None]]:
    """Remember the ticket number of the inbound message that opened a ticket."""

    async def handle(envelope: Envelope[Any]) -> None:
        inbound_id = envelope.payload.inbound_id
        if inbound_id:
            await reception.archive.record_ticket(inbound_id, envelope.payload.ticket.number)

    return handle


def ticket_comment_handler(reception: Reception) -> Callable[[Envelope[Any]], Awaitable[None]]:
    """Remember the ticket a customer's email was added to (a reply, a duplicate request)."""

    async def handle(envelope: Envelope[Any]) -> None:
        comment = envelope.payload.comment
        if comment.channel == "email" and comment.message_id and comment.author.kind == "customer":
            inbound_id = f"email:<{comment.message_id}>"
            await reception.archive.record_ticket(inbound_id, envelope.payload.ticket.number)

    return handle
