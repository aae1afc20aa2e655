"""Wiring of the tickets service: runtime, stores, consumers and HTTP routes."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from helpdesk_pages import stylesheet_router
from helpdesk_runtime.app import create_app
from helpdesk_runtime.file_links import FileLinks
from helpdesk_runtime.key_leases import KeyLeases
from helpdesk_runtime.secrets import required_secret
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from tickets.adapters.contact_merges import ContactMergeStore
from tickets.adapters.contact_store import ContactStore
from tickets.adapters.customer_sessions import CustomerSessionStore
from tickets.adapters.file_store import TicketFileStore
from tickets.adapters.magic_links import MagicLinkStore
from tickets.adapters.organization_store import OrganizationStore
from tickets.adapters.sign_in_requests import SignInRequestQueue
from tickets.adapters.staff_store import AGENTS, StaffStore
from tickets.adapters.ticket_store import TicketStore
from tickets.api import (
    agent_tickets,
    contacts,
    customer,
    files,
    organizations,
    queue_sizes,
    staff,
    staff_sessions,
)
from tickets.api.problems import install_problem_handlers
from tickets.consumers import register_consumers
from tickets.customer_sign_in import send_requested_links
from tickets.customer_tokens import CustomerTokens
from tickets.portal import rating_link_pages, sign_in_pages, ticket_pages
from tickets.service import Dependencies
from tickets.settings import TicketsSettings, tickets_settings
from tickets.staff_directory import announce_staff_directory
from tickets.ticket_files import TicketFiles

DESCRIPTION = (
    "System of record of the helpdesk: tickets, contacts, organizations, agents and groups. "
    "Staff call `/v1/tickets`, `/v1/contacts`, `/v1/organizations`, `/v1/agents`, `/v1/groups` "
    "with `Authorization: Bearer <token>`; customers ask for a magic link at "
    "`/v1/customer/magic-link`, trade its code at `/v1/customer/sessions` and call "
    '`/v1/customer/...` ("Meus chamados") with the token. The link itself opens the HTML '
    "pages of `/meus-chamados`."
)


def dependencies_for(runtime: ServiceRuntime, settings: TicketsSettings) -> Dependencies:
    """The stores over the service's database; the outbox relay wakes after each write."""
    tickets = TicketStore(runtime.db, settings.closing_policy)
    magic_links = MagicLinkStore(runtime.db)
    staff_links = MagicLinkStore(runtime.db, "staff_sign_in_links")
    deps = Dependencies(
        tickets=tickets,
        contacts=ContactStore(runtime.db),
        staff=StaffStore(runtime.db, on_change=runtime.outbox_relay(runtime.db[AGENTS]).wake),
        magic_links=magic_links,
        staff_links=staff_links,
        organizations=OrganizationStore(runtime.db),
        contact_merges=ContactMergeStore(runtime.db),
        sign_in_requests=SignInRequestQueue(runtime.db),
        settings=settings,
        wake_relay=runtime.outbox_relay(tickets.collection).wake,
        wake_sign_in_relay=runtime.outbox_relay(magic_links.collection).wake,
        wake_staff_link_relay=runtime.outbox_relay(staff_links.collection).wake,
        requester_leases=KeyLeases(
            runtime.db["requester_leases"], lease=timedelta(seconds=settings.inbox_lease_s)
        ),
    )
    stores = (deps.tickets, deps.contacts, deps.staff, magic_links, staff_links)
    for store in (*stores, deps.requester_leases):
        runtime.on_startup(store.ensure_indexes)
    runtime.on_startup(deps.sign_in_requests.ensure_indexes)
    runtime.in_background(lambda: send_requested_links(deps))
    return deps


def build_app(settings: ServiceSettings) -> FastAPI:
    config = tickets_settings(settings)
    runtime = ServiceRuntime(service="tickets", settings=config)
    deps = dependencies_for(runtime, config)
    register_consumers(runtime, deps)
    announce_staff_directory(runtime, deps.staff)
    app = create_app(
        runtime,
        title="tickets",
        description=DESCRIPTION,
        routers=[
            agent_tickets.router,
            files.router,
            contacts.router,
            organizations.router,
            staff.router,
            queue_sizes.router,
            staff_sessions.router,
            customer.router,
            sign_in_pages.router,
            ticket_pages.router,
            rating_link_pages.router,
            stylesheet_router(),
        ],
    )
    app.state.tickets = deps
    sessions = CustomerSessionStore(runtime.db)
    runtime.on_startup(sessions.ensure_indexes)
    app.state.customer_tokens = CustomerTokens(
        required_secret(config, "customer_token_secret"),
        sessions,
        max_age_s=config.customer_token_max_age_s,
    )
    app.state.ticket_files = TicketFiles(
        store=TicketFileStore(runtime.db),
        links=FileLinks(required_secret(config, "file_link_secret")),
        holder_urls={"intake": config.intake_public_url, "chat": config.chat_public_url},
        limits=config.upload_limits,
    )
    install_problem_handlers(app)
    return app
