"""Live updates: ticket events from the broker, passed to every open workspace page as
server-sent events (`GET /desk/events`).

The desk's `desk.ticket-events` queue receives `ticket.created` and `ticket.comment_added`; each
is turned into a small notice (number, subject, what happened) and offered to every page this
process serves. A page that falls behind loses old notices, never blocks the consumer. One queue
serves one replica: with several desk replicas each needs its own queue (not done yet).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCommentAdded, TicketCreated
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


def follow_ticket_events(runtime: ServiceRuntime, feed: TicketFeed) -> None:
    async def on_event(envelope: Envelope[Any]) -> None:
        event = envelope.payload
        if isinstance(event, TicketCommentAdded) and (
            event.comment.author.kind != "customer" or event.ticket.status == "new"
        ):
            return  # staff's own replies and notes, or a new ticket's messages (it was announced)
        feed.offer(
            {
                "number": event.ticket.number,
                "subject": event.ticket.subject,
                "what": "created" if isinstance(event, TicketCreated) else "customer_message",
            }
        )

    handlers: dict[type[EventPayload], Any] = {
        TicketCreated: on_event,
        TicketCommentAdded: on_event,
    }
    runtime.subscribe_events("ticket-events", handlers)
