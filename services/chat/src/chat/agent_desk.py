"""Agents connected to this replica: their conversations, the queue they see, their presence."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Any

import structlog

from chat.adapters.relay import agent_key
from chat.connections import Outbound, SessionView, SessionViews
from chat.conversation_record import ConversationRecord
from chat.domain.queue_summary import bot_summary
from chat.service import ChatService
from chat.settings import AgentIdentity

log = structlog.get_logger(__name__)


class AgentLink:
    """One agent socket and the conversations it shows."""

    def __init__(self, agent: AgentIdentity, outbound: Outbound) -> None:
        self.agent = agent
        self.outbound = outbound
        self.presence = "online"
        self.sessions: dict[str, SessionView] = {}


def conversation_card(record: ConversationRecord) -> dict[str, Any]:
    conversation = record.conversation
    return {
        "session_id": record.id,
        "customer": {
            "name": conversation.customer_name,
            "email": conversation.customer_email,
            "language": conversation.language.value,
        },
        "group": record.group,
        "routing": record.routing.value,
        "waiting_since": record.requested_at.isoformat() if record.requested_at else None,
        "summary": bot_summary(conversation),
    }


class AgentDesk:
    def __init__(self, service: ChatService, views: SessionViews) -> None:
        self.service = service
        self.views = views
        self.links: defaultdict[str, set[AgentLink]] = defaultdict(set)
        self._queue_dirty = asyncio.Event()

    def connected_agents(self) -> list[str]:
        return [agent_id for agent_id, links in self.links.items() if links]

    async def join(self, link: AgentLink) -> None:
        """Show the agent their open conversations and the queue."""
        self.links[link.agent.id].add(link)
        await self.service.relay.bind(agent_key(link.agent.id))
        for record in await self.service.context.store.assigned_to(link.agent.id):
            await self.show(link, record)
        await self.send_queue([link])

    async def leave(self, link: AgentLink) -> None:
        self.links[link.agent.id].discard(link)
        for view in link.sessions.values():
            await self.views.unwatch(view)
        link.sessions.clear()
        await self.service.relay.unbind(agent_key(link.agent.id))

    async def show(self, link: AgentLink, record: ConversationRecord) -> None:
        """Send the conversation card, then its whole history (the bot's part included)."""
        if record.id in link.sessions:
            return
        link.outbound.send({"type": "assigned", **conversation_card(record)})
        view = SessionView(record.id, link.outbound, side="agent")
        link.sessions[record.id] = view
        await self.views.watch(view)

    async def relayed(self, routing_key: str, body: dict[str, Any]) -> None:
        kind, session_id = body.get("kind"), str(body.get("session_id", ""))
        if kind == "queue":
            groups = body.get("groups")
            self.service.positions.changed_elsewhere(groups if isinstance(groups, list) else [])
            self._queue_dirty.set()
            return
        agent_id = routing_key.removeprefix("agent.")
        for link in list(self.links.get(agent_id, ())):
            if kind == "assigned":
                record = await self.service.context.store.load(session_id)
                if record is not None and record.agent and record.agent.id == agent_id:
                    await self.show(link, record)
            elif kind == "released" and session_id in link.sessions:
                await self.views.unwatch(link.sessions.pop(session_id))
                link.outbound.send({"type": "released", "session_id": session_id})

    async def send_queue(self, links: list[AgentLink]) -> None:
        """The queue each agent may serve: the general one and their groups'."""
        groups: set[str | None] = {None}
        for link in links:
            groups.update(link.agent.groups)
        queued = await self.service.context.store.queued_for(list(groups))
        positions: defaultdict[str | None, int] = defaultdict(int)
        items = []
        for record in queued:
            positions[record.group] += 1
            items.append({**conversation_card(record), "position": positions[record.group]})
        for link in links:
            groups_of_agent = link.agent.groups
            mine = [item for item in items if item["group"] in (None, *groups_of_agent)]
            link.outbound.send({"type": "queue", "items": mine})

    async def queue_loop(self) -> None:
        """Coalesces queue changes: one reload for however many changes came meanwhile."""
        while True:
            await self._queue_dirty.wait()
            self._queue_dirty.clear()
            links = [link for group in self.links.values() for link in group]
            try:
                if links:
                    await self.send_queue(links)
            except Exception as error:  # the next queue change sends it again
                log.warning("queue update failed", error=repr(error)[:300])
