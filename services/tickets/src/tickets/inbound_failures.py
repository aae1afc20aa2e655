"""When tickets gives up on an intake message, intake hears of it.

A message tickets rejects, or that fails every retry (a value the database refuses, say), goes
to tickets.dlq for an operator. Before it does, tickets publishes `ticket.inbound_failed` with
the message's inbound id and the reason, so a customer whose submission was answered 202 sees a
failure in `GET /v1/submissions/{id}` instead of "pending" for ever. Sent again if the same
message fails again (after an operator replays it): intake keeps the latest reason."""

from __future__ import annotations

import json
from typing import Any

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.tickets import TicketInboundFailed
from helpdesk_runtime.consumer import GiveUpHandler
from helpdesk_runtime.delivery import Delivery
from helpdesk_runtime.publisher import EventPublisher

REASON_LIMIT = 500


def inbound_id_of(body: bytes) -> tuple[str | None, str | None]:
    """The inbound id and event id an `intake.message.received` body names, if it names any
    (the body may be exactly what could not be read)."""
    try:
        document: Any = json.loads(body)
    except ValueError:
        return None, None
    if not isinstance(document, dict):
        return None, None
    payload = document.get("payload")
    inbound = payload.get("inbound_id") if isinstance(payload, dict) else None
    event_id = document.get("event_id")
    return (
        inbound if isinstance(inbound, str) and inbound else None,
        event_id if isinstance(event_id, str) else None,
    )


def tell_intake_of_failures(publisher: EventPublisher) -> GiveUpHandler:
    async def gave_up(delivery: Delivery, reason: str) -> None:
        inbound_id, event_id = inbound_id_of(delivery.body)
        if inbound_id is None:
            return  # not an intake message we can name: only the dead-letter queue knows it
        failed = TicketInboundFailed(inbound_id=inbound_id, reason=reason[:REASON_LIMIT])
        envelope = new_envelope(
            failed,
            producer="tickets",
            correlation_id=delivery.correlation_id,
            causation_id=event_id,
        )
        await publisher.publish_event(envelope)

    return gave_up
