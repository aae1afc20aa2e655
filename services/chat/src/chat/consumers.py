"""Event consumers of the chat service: the ticket read model and ticket numbers for chats."""

from __future__ import annotations

from typing import Any

from chat.filing import on_ticket_created, on_ticket_status_changed
from chat.service import ChatService
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated, TicketStatusChanged
from helpdesk_runtime.service import ServiceRuntime


def subscribe(runtime: ServiceRuntime, service: ChatService) -> None:
    async def created(envelope: Envelope[Any]) -> None:
        await on_ticket_created(service, envelope)

    async def status_changed(envelope: Envelope[Any]) -> None:
        await on_ticket_status_changed(service, envelope)

    runtime.subscribe_events(
        "ticket-events", {TicketCreated: created, TicketStatusChanged: status_changed}
    )
