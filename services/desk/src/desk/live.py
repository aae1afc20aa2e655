"""Live updates: ticket events from the broker, passed to every open workspace page as
server-sent events (`GET /desk/events`).

The desk's `desk.ticket-events` queue receives the ticket events that change what a list row
or a ticket page shows (created, comment added, updated, status, assignee, priority, merged);
each becomes a small notice (number, subject, what happened, the ticket's new version and who
did it) offered to every page this process serves. Pages announce new tickets and customer
messages, refresh their list, and on a ticket page tell who else changed it. A page that
falls behind loses old notices, never blocks the consumer. One queue serves one replica:
with several desk replicas each needs its own queue (not done yet).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import (
    TicketAssigned,
    TicketCommentAdded,
    TicketCreated,
    TicketEvent,
    TicketMerged,
    TicketPriorityChanged,
    TicketStatusChanged,
    TicketUpdated,
)
from helpdesk_runtime.service import ServiceRuntime

BACKLOG = 100
HEARTBEAT_S = 15.0


class TicketFeed:
    def __init__(self) -> None:
        self._pages: set[asyncio.Queue[dict[str, Any]]] = set()

    def offer(self, notice: dict[str, Any]) -> None:
        for page in self._pages:
            if page.full():
                page.get_nowait()  # drop the oldest: a slow page never blocks the consumer
            page.put_nowait(notice)

    async def stream(self) -> AsyncIterator[str]:
        """One page's server-sent events: each notice, and a comment now and then so proxies
        keep the connection open."""
        page: asyncio.Queue[dict[str, Any]] = asyncio.Queue(BACKLOG)
        self._pages.add(page)
        try:
            yield ": connected\n\n"
            while True:
                try:
                    notice = await asyncio.wait_for(page.get(), HEARTBEAT_S)
                except TimeoutError:
                    yield ": heartbeat\n\n"
                    continue
                yield f"event: ticket\ndata: {json.dumps(notice, ensure_ascii=False)}\n\n"
        finally:
            self._pages.discard(page)


def notice_of(event: TicketEvent) -> dict[str, Any]:
    """What a page learns: `what` is «created», «customer_message» (announced in the page's
    status region) or «updated» (lists refresh, a ticket page says who changed it)."""
    what = "updated"
    if isinstance(event, TicketCreated):
        what = "created"
    elif isinstance(event, TicketCommentAdded) and event.comment.author.kind == "customer":
        # a new ticket's first messages were announced with the ticket itself
        what = "customer_message" if event.ticket.status != "new" else "updated"
    return {
        "number": event.ticket.number,
        "subject": event.ticket.subject,
        "what": what,
        "version": event.ticket.version,
        "actor_id": event.actor.id,
        "actor": event.actor.name or "",
    }


def follow_ticket_events(runtime: ServiceRuntime, feed: TicketFeed) -> None:
    async def on_event(envelope: Envelope[Any]) -> None:
        feed.offer(notice_of(envelope.payload))

    kinds = (
        TicketCreated,
        TicketCommentAdded,
        TicketUpdated,
        TicketStatusChanged,
        TicketAssigned,
        TicketPriorityChanged,
        TicketMerged,
    )
    handlers: dict[type[EventPayload], Any] = dict.fromkeys(kinds, on_event)
    runtime.subscribe_events("ticket-events", handlers)
