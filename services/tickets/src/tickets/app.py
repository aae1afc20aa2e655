"""Wiring of the tickets service: runtime, stores, consumers and HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from tickets.adapters.contact_store import ContactStore
from tickets.adapters.magic_links import MagicLinkStore
from tickets.adapters.staff_store import StaffStore
from tickets.adapters.ticket_store import TicketStore
from tickets.api import agent_tickets, customer, staff
from tickets.api.problems import install_problem_handlers
from tickets.consumers import register_consumers
from tickets.customer_tokens import CustomerTokens
from tickets.service import Dependencies
from tickets.settings import TicketsSettings, tickets_settings

DESCRIPTION = (
    "System of record of the helpdesk: tickets, contacts, agents and groups. Staff call "
    "`/v1/tickets`, `/v1/agents`, `/v1/groups` with `Authorization: Bearer <token>`; customers "
    'call `/v1/customer/...` ("Meus chamados") with the token of their magic link.'
)


def dependencies_for(runtime: ServiceRuntime, settings: TicketsSettings) -> Dependencies:
    """The stores over the service's database; the outbox relay wakes after each write."""
    tickets = TicketStore(runtime.db, settings.closing_policy)
    relay = runtime.outbox_relay(tickets.collection)
    deps = Dependencies(
        tickets=tickets,
        contacts=ContactStore(runtime.db),
        staff=StaffStore(runtime.db),
        magic_links=MagicLinkStore(runtime.db),
        settings=settings,
        wake_relay=relay.wake,
    )
    for store in (deps.tickets, deps.contacts, deps.staff, deps.magic_links):
        runtime.on_startup(store.ensure_indexes)
    return deps


def build_app(settings: ServiceSettings) -> FastAPI:
    config = tickets_settings(settings)
    runtime = ServiceRuntime(service="tickets", settings=config)
    deps = dependencies_for(runtime, config)
    register_consumers(runtime, deps)
    app = create_app(
        runtime,
        title="tickets",
        description=DESCRIPTION,
        routers=[agent_tickets.router, staff.router, customer.router],
    )
    app.state.tickets = deps
    app.state.customer_tokens = CustomerTokens(
        config.customer_token_secret.get_secret_value(), max_age_s=config.customer_token_max_age_s
    )
    install_problem_handlers(app)
    return app
