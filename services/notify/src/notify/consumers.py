"""Event consumers of the notify service."""

from __future__ import annotations

from typing import Any

import structlog

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated
from helpdesk_runtime.service import ServiceRuntime

log = structlog.get_logger(__name__)


def register_consumers(runtime: ServiceRuntime) -> None:
    """Subscribe the notify service to the events it reacts to."""

    async def ticket_created(envelope: Envelope[Any]) -> None:
        event: TicketCreated = envelope.payload
        log.info("ticket seen", ticket=event.ticket.number, priority=event.ticket.priority)

    runtime.subscribe_events("events", {TicketCreated: ticket_created})
