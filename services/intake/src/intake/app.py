"""Wiring of the intake service: archive, doors (SMTP, HTTP, broker) and the outbox relay.

The SMTP listener starts with the HTTP server, before the broker is known to be up: mail is
accepted once it is archived with its event, and the relay publishes when the broker answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.events.chat import ChatSessionEnded
from helpdesk_contracts.events.tickets import (
    TicketCommentAdded,
    TicketCreated,
    TicketInboundFailed,
)
from helpdesk_pages import stylesheet_router
from helpdesk_runtime.app import create_app
from helpdesk_runtime.consumer import EventHandler
from helpdesk_runtime.file_links import FileLinks
from helpdesk_runtime.secrets import required_secret
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from helpdesk_runtime.staff_access import staff_access
from helpdesk_runtime.staff_directory import follow_staff_directory
from intake.adapters.archive import COLLECTION, InboundArchive
from intake.api.files import files_router
from intake.api.form_page import form_page_router
from intake.api.inbound_email import inbound_email_router
from intake.api.inbound_status import inbound_status_router
from intake.api.webform import webform_router
from intake.api.whatsapp import whatsapp_router
from intake.consumers import (
    chat_transcript_handler,
    inbound_failed_handler,
    raw_inbound_handler,
    ticket_comment_handler,
    ticket_created_handler,
)
from intake.handlers.reception import IntakePolicy, Reception, ReceptionCounter
from intake.settings import IntakeSettings
from intake.smtp_door import SmtpListener


def _intake_settings(settings: ServiceSettings) -> IntakeSettings:
    if isinstance(settings, IntakeSettings):
        return settings
    return IntakeSettings(**settings.model_dump(exclude_unset=True))


def _with_smtp(app: FastAPI, listener: SmtpListener) -> FastAPI:
    """Run the SMTP listener for as long as the HTTP app runs (inside the runtime's lifespan)."""
    runtime_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with runtime_lifespan(application):
            await listener.start()
            try:
                yield
            finally:
                await listener.stop()

    app.router.lifespan_context = lifespan
    return app


def build_app(settings: ServiceSettings) -> FastAPI:
    config = _intake_settings(settings)
    runtime = ServiceRuntime(service="intake", settings=config)
    relay = runtime.outbox_relay(runtime.db[COLLECTION])
    archive = InboundArchive(
        runtime.db, inline_bytes=config.inline_storage_bytes, on_stored=relay.wake
    )
    runtime.on_startup(archive.ensure_indexes)
    policy = IntakePolicy(
        support_addresses=config.support_addresses,
        own_addresses=config.own_addresses,
        limits=config.limits,
        catalogue=config.catalogue(),
    )
    reception = Reception(archive, policy, ReceptionCounter(runtime.registry))
    runtime.subscribe_deliveries("raw-inbound", raw_inbound_handler(reception))
    runtime.subscribe_events(
        "chat-transcripts", {ChatSessionEnded: chat_transcript_handler(reception)}
    )
    tickets_answers: dict[type[EventPayload], EventHandler] = {
        TicketCreated: ticket_created_handler(reception),
        TicketInboundFailed: inbound_failed_handler(reception),
    }
    runtime.subscribe_events("ticket-created", tickets_answers)
    runtime.subscribe_events(
        "ticket-comments", {TicketCommentAdded: ticket_comment_handler(reception)}
    )
    staff = staff_access(follow_staff_directory(runtime))
    routers = [
        inbound_email_router(reception),
        inbound_status_router(reception, staff),
        webform_router(reception),
        form_page_router(reception),
        stylesheet_router(),
        whatsapp_router(
            reception,
            verify_token=required_secret(config, "whatsapp_verify_token"),
            app_secret=required_secret(config, "whatsapp_app_secret"),
        ),
        files_router(archive, FileLinks(required_secret(config, "file_link_secret"))),
    ]
    app = create_app(
        runtime,
        title="intake",
        description="Every channel's input becomes one intake.message.received event, once.",
        routers=routers,
    )
    listener = SmtpListener(
        reception,
        host=config.smtp_host or config.http_host,
        port=config.smtp_port,
        hostname=config.smtp_hostname,
        max_bytes=config.limits.max_total_bytes,
    )
    return _with_smtp(app, listener)
