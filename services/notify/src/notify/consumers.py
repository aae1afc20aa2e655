"""Event consumers of the notify service (queue notify.events): thin adapters to the use cases."""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events import customers, intake, sla, staff, tickets
from helpdesk_runtime.service import ServiceRuntime
from notify.customer_notices import email_code_notice, magic_link_notice, staff_sign_in_notice
from notify.dependencies import NotifyDependencies
from notify.domain.contacts import usable_whatsapp_id
from notify.notices import sla_notices
from notify.reminders import ReminderTimer, follow_ticket
from notify.service import apply_delivery_status, notify_about
from notify.ticket_notices import ticket_notices

TICKET_EVENTS: tuple[type[tickets.TicketEvent], ...] = (
    tickets.TicketCreated,
    tickets.TicketCommentAdded,
    tickets.TicketStatusChanged,
    tickets.TicketMerged,
    tickets.TicketAssigned,
    tickets.TicketUpdated,
    tickets.TicketPriorityChanged,
    tickets.TicketCsatRequested,
    tickets.TicketCsatReceived,
)
"""Every ticket event refreshes what notify remembers of the ticket; some also notify someone."""

SLA_EVENTS: tuple[type[sla.SlaEvent], ...] = (
    sla.SlaClockUpdated,
    sla.SlaWarning,
    sla.SlaBreached,
    sla.SlaEscalated,
)


def register_consumers(
    runtime: ServiceRuntime, deps: NotifyDependencies, timer: ReminderTimer
) -> None:
    """Subscribe notify to ticket.*, sla.*, customer.magic_link_requested / email_code_requested,
    intake.delivery_status and inbound WhatsApp messages.

    chat.* events are bound to the queue but cause no notification today: they are acknowledged
    as ignored.
    """

    async def on_ticket_event(envelope: Envelope[Any]) -> None:
        event: tickets.TicketEvent = envelope.payload
        ticket = event.ticket
        number = str(ticket.number)
        await deps.tickets.remember_ticket(
            number, subject=ticket.subject, message_ids=ticket.message_ids
        )
        if isinstance(event, tickets.TicketCommentAdded) and event.comment.message_id:
            await deps.tickets.add_message_id(number, event.comment.message_id)
        await follow_ticket(event, correlation_id=envelope.correlation_id, timer=timer)
        notices = ticket_notices(envelope.event_id, event, deps.wording)
        await notify_about(
            notices, event_id=envelope.event_id, correlation_id=envelope.correlation_id, deps=deps
        )

    async def on_sla_event(envelope: Envelope[Any]) -> None:
        event: sla.SlaEvent = envelope.payload
        number = str(event.ticket_number)
        if isinstance(event, sla.SlaClockUpdated):
            for state in event.targets:
                await deps.tickets.remember_deadline(number, state.target, state.due_at)
            return
        if isinstance(event, sla.SlaWarning | sla.SlaBreached):
            await deps.tickets.remember_deadline(number, event.target, event.due_at)
        facts = await deps.tickets.facts(number)
        notices = sla_notices(envelope.event_id, event, facts, envelope.occurred_at, deps.wording)
        await notify_about(
            notices, event_id=envelope.event_id, correlation_id=envelope.correlation_id, deps=deps
        )

    async def on_message_received(envelope: Envelope[Any]) -> None:
        message: intake.MessageReceived = envelope.payload
        if message.channel != "whatsapp":
            return
        number = usable_whatsapp_id(message.sender.whatsapp_id or message.sender.phone)
        if number is not None:
            await deps.contacts.saw_whatsapp_message(number, message.received_at)

    async def on_delivery_status(envelope: Envelope[Any]) -> None:
        await apply_delivery_status(envelope.payload, deps)

    async def on_customer_request(envelope: Envelope[Any]) -> None:
        """A sign-in link (from tickets) or a chat's one-time code (from chat), by email."""
        if isinstance(envelope.payload, customers.CustomerEmailCodeRequested):
            notice = email_code_notice(envelope.event_id, envelope.payload, envelope.occurred_at)
        elif isinstance(envelope.payload, staff.StaffSignInLinkRequested):
            notice = staff_sign_in_notice(envelope.event_id, envelope.payload, envelope.occurred_at)
        else:
            notice = magic_link_notice(envelope.event_id, envelope.payload, envelope.occurred_at)
        await notify_about(
            [notice], event_id=envelope.event_id, correlation_id=envelope.correlation_id, deps=deps
        )

    handlers: dict[Any, Any] = {model: on_ticket_event for model in TICKET_EVENTS}
    handlers |= {model: on_sla_event for model in SLA_EVENTS}
    handlers[intake.MessageReceived] = on_message_received
    handlers[intake.DeliveryStatus] = on_delivery_status
    handlers[customers.CustomerMagicLinkRequested] = on_customer_request
    handlers[customers.CustomerEmailCodeRequested] = on_customer_request
    handlers[staff.StaffSignInLinkRequested] = on_customer_request
    runtime.subscribe_events("events", handlers)
