"""The leader view's events: sla breaches and escalations (with the people each told) and the
ratings of tickets (CSAT survey) and chats, kept in the team log as they pass; and chats joining
the queue, announced on every open workspace page (the live feed)."""

from __future__ import annotations

from typing import Any

from desk.adapters.team_log import TeamLog
from desk.live import TicketFeed
from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.chat import ChatHandoffRequested, ChatSessionEnded
from helpdesk_contracts.events.sla import SlaBreached, SlaEscalated
from helpdesk_contracts.events.tickets import TicketCsatReceived
from helpdesk_runtime.service import ServiceRuntime


async def keep(log: TeamLog, envelope: Envelope[Any]) -> None:
    """One event into the team log (a chat part without a rating is not kept)."""
    event, key, at = envelope.payload, str(envelope.event_id), envelope.occurred_at
    if isinstance(event, SlaBreached | SlaEscalated):
        people = [{"name": person.name, "role": person.role} for person in event.notify]
        level = event.level if isinstance(event, SlaEscalated) else None
        kind = "escalation" if level else "breach"
        await log.record(
            key, kind, at, ticket_number=event.ticket_number, target=event.target,
            priority=event.priority, level=level, people=people,
        )  # fmt: skip
    elif isinstance(event, TicketCsatReceived):
        await log.record(key, "rating", at, source="ticket", rating=event.rating)
    elif isinstance(event, ChatSessionEnded) and event.rating is not None:
        chat_key = f"chat:{event.session_id}"  # one rating per chat, whichever part carried it
        await log.record(chat_key, "rating", at, source="chat", rating=event.rating)


def follow_team_events(runtime: ServiceRuntime, log: TeamLog, feed: TicketFeed) -> None:
    async def on_event(envelope: Envelope[Any]) -> None:
        event = envelope.payload
        if isinstance(event, ChatHandoffRequested):
            if event.queue_position is not None:  # queued (not: outside hours, nobody online)
                feed.offer({"what": "chat", "number": 0, "subject": event.customer.name})
            return
        await keep(log, envelope)

    kinds = (SlaBreached, SlaEscalated, TicketCsatReceived, ChatSessionEnded, ChatHandoffRequested)
    handlers: dict[type[EventPayload], Any] = dict.fromkeys(kinds, on_event)
    runtime.subscribe_events("team-events", handlers)
