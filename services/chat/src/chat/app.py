"""Wiring of the chat service: runtime, stores, relay, consumers, loops and routes."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import structlog
from fastapi import FastAPI

from chat.adapters.agent_roster import AgentRoster
from chat.adapters.attachment_store import AttachmentStore
from chat.adapters.conversation_store import ConversationStore
from chat.adapters.relay import RELAY_EXCHANGE, ChatRelay
from chat.adapters.support_calendar import SupportCalendar
from chat.adapters.ticket_directory import TicketDirectory
from chat.agent_desk import AgentDesk
from chat.api import agent_overview, agent_ws, attachments, customer_ws, help_pages, pages
from chat.chat_app import ChatApp
from chat.connections import SessionViews
from chat.consumers import subscribe
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.knowledge_article import load_knowledge_base
from chat.filing import file_due_transcripts
from chat.service import ChatService
from chat.settings import ChatSettings
from chat.steps import ChatContext
from helpdesk_pages import stylesheet_router
from helpdesk_runtime.app import create_app
from helpdesk_runtime.file_links import FileLinks
from helpdesk_runtime.secrets import required_secret
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from helpdesk_runtime.staff_directory import follow_staff_directory

log = structlog.get_logger(__name__)
DESCRIPTION = (
    "Live chat: the virtual assistant answers first and hands over to an agent. Customers "
    "connect to the WebSocket `/v1/chat/ws`, agents to `/v1/agent/ws`; the JSON message "
    f"protocol of both is documented at [{pages.PROTOCOL_PATH}]({pages.PROTOCOL_PATH}). "
    "A minimal widget is at [/widget](/widget)."
)


def _now() -> datetime:
    """Now, to the millisecond MongoDB keeps: relayed and stored messages read the same."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def build_app(settings: ServiceSettings) -> FastAPI:
    chat_settings = settings if isinstance(settings, ChatSettings) else ChatSettings()
    runtime = ServiceRuntime(service="chat", settings=chat_settings)
    calendar = SupportCalendar.from_file(chat_settings.calendar_file, chat_settings.calendar_name)
    articles = load_knowledge_base(chat_settings.knowledge_base_dir)
    profile = AssistantProfile.from_articles(
        articles,
        name=chat_settings.assistant_name,
        opening_hours=calendar.announced_hours(),
        time_zone=calendar.time_zone,
    )
    store = ConversationStore(runtime.db)
    roster = AgentRoster(runtime.db, ttl=timedelta(seconds=chat_settings.agent_presence_ttl_s))
    context = ChatContext(
        profile=profile,
        store=store,
        tickets=TicketDirectory(runtime.db),
        roster=roster,
        calendar=calendar,
        settings=chat_settings,
        clock=_now,
    )
    relay = ChatRelay(chat_settings.amqp_url, chat_settings.names.name(RELAY_EXCHANGE))
    outbox = runtime.outbox_relay(store.collection)
    service = ChatService(context, relay, outbox.wake)
    views = SessionViews(store, relay)
    desk = AgentDesk(service, views)

    async def on_relay(routing_key: str, body: dict[str, object]) -> None:
        if body.get("kind") == "messages":
            service.remember_relayed(body)
            messages = body.get("messages")
            await views.relayed(
                str(body.get("session_id")), messages if isinstance(messages, list) else []
            )
        elif body.get("kind") == "typing":
            name = body.get("name")
            views.typing_relayed(
                str(body.get("session_id")), str(body.get("who")), str(name) if name else None
            )
        else:
            await desk.relayed(routing_key, dict(body))

    async def start_up() -> None:
        await store.ensure_indexes()
        await roster.ensure_indexes()
        if not relay.running:
            await relay.start(on_relay)

    async def keep_relay() -> None:
        try:
            await asyncio.Event().wait()
        finally:
            await relay.stop()

    async def heartbeats() -> None:
        """Local agents stay online; apart from the sweep, which may be slow under load."""
        while True:
            try:
                await roster.heartbeat(desk.connected_agents(), context.clock())
            except Exception as error:  # outage: the next round does it
                log.warning("agent heartbeat failed", error=repr(error)[:300])
            await asyncio.sleep(chat_settings.sweep_interval_s)

    async def sweep() -> None:
        """Transcripts due without a rating (the customer left before rating)."""
        while True:
            try:
                await file_due_transcripts(service)
            except Exception as error:  # outage: the next round does it
                log.warning("chat sweep failed", error=repr(error)[:300])
            await asyncio.sleep(chat_settings.sweep_interval_s)

    runtime.on_startup(start_up)
    runtime.in_background(keep_relay)
    runtime.in_background(desk.queue_loop)
    runtime.in_background(heartbeats)
    runtime.in_background(sweep)
    subscribe(runtime, service)
    app = create_app(
        runtime,
        title="chat",
        description=DESCRIPTION,
        routers=[
            customer_ws.router,
            agent_ws.router,
            agent_overview.router,
            attachments.router,
            pages.router,
            help_pages.router,
            stylesheet_router(),
        ],
    )
    app.state.chat = ChatApp(
        settings=chat_settings,
        service=service,
        views=views,
        desk=desk,
        attachments=AttachmentStore(runtime.db),
        articles=articles,
        staff=follow_staff_directory(runtime),
        file_links=FileLinks(required_secret(chat_settings, "file_link_secret")),
    )
    return app
