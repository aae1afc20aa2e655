"""Event consumers of the sla service: every ticket.* event that matters to a clock."""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events import tickets
from helpdesk_runtime.consumer import EventHandler
from helpdesk_runtime.service import ServiceRuntime
from sla.handlers import apply_ticket_event
from sla.service import SlaDependencies

TICKET_EVENTS: tuple[type[EventPayload], ...] = (
    tickets.TicketCreated,
    tickets.TicketStatusChanged,
    tickets.TicketPriorityChanged,
    tickets.TicketCommentAdded,
    tickets.TicketAssigned,
    tickets.TicketUpdated,
    tickets.TicketMerged,
)


def register_consumers(runtime: ServiceRuntime, deps: SlaDependencies) -> None:
    """Subscribe the sla service to the ticket events it keeps clocks from."""

    async def on_ticket_event(envelope: Envelope[Any]) -> None:
        await apply_ticket_event(deps, envelope)

    handler: EventHandler = on_ticket_event
    runtime.subscribe_events("ticket-events", dict.fromkeys(TICKET_EVENTS, handler))
