"""Contract events out of deliveries: validated, then applied once per queue."""

from __future__ import annotations

from collections.abc import Mapping

import structlog

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.registry import ContractViolation, parse_event
from helpdesk_runtime.consumer import DeliveryHandler, EventHandler
from helpdesk_runtime.delivery import Delivery, Rejected
from helpdesk_runtime.inbox import Claim, EventInProgress, Inbox


def event_dispatcher(
    handlers: Mapping[type[EventPayload], EventHandler], *, inbox: Inbox | None, queue: str
) -> DeliveryHandler:
    """Validate each delivery against its contract and apply it once; returns the outcome.

    `inbox` None: the handlers apply each event once by themselves (their own update records
    it, in the same write as its effect, and guards its copies), so no inbox entry is written.
    """
    by_key = {model.routing_key(): handler for model, handler in handlers.items()}

    async def dispatch(delivery: Delivery) -> str:
        handler = by_key.get(delivery.routing_key)
        if handler is None:
            return "ignored"
        try:
            envelope = parse_event(delivery.routing_key, delivery.body)
        except ContractViolation as violation:
            raise Rejected(f"contract violation: {violation.reason}") from None
        event_id = str(envelope.event_id)
        structlog.contextvars.bind_contextvars(
            event_id=event_id, correlation_id=envelope.correlation_id
        )
        if inbox is None:
            await handler(envelope)
            return "applied"
        claim = await inbox.claim(queue, event_id)
        if claim is Claim.APPLIED:
            return "duplicate"
        if claim is Claim.BUSY:
            raise EventInProgress(f"event {event_id} is being applied by another worker")
        try:
            await handler(envelope)
        except BaseException:
            await inbox.release(queue, event_id)
            raise
        inbox.applied_soon(queue, event_id)
        return "applied"

    return dispatch
