"""Message entrypoints: intake's messages, and the loop that closes resolved tickets when due."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import structlog

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.intake import MessageReceived
from helpdesk_runtime.service import ServiceRuntime
from tickets.adapters.ticket_store import VersionConflict
from tickets.contract_events import Cause
from tickets.domain.workflow import close_if_due
from tickets.inbound_failures import tell_intake_of_failures
from tickets.intake_handler import receive_message
from tickets.service import Dependencies, store_change

log = structlog.get_logger(__name__)


def register_consumers(runtime: ServiceRuntime, deps: Dependencies) -> None:
    async def on_message(envelope: Envelope[Any]) -> None:
        await receive_message(deps, envelope)

    runtime.subscribe_events(
        "intake-messages",
        {MessageReceived: on_message},
        on_give_up=tell_intake_of_failures(runtime.publisher),
        handlers_apply_once=True,  # the comment carrying the inbound id is the mark
    )

    async def closing_loop() -> None:
        while True:
            try:
                await close_due_tickets(deps)
            except Exception as error:  # database outage: try again at the next round
                log.warning("automatic closing paused", error=repr(error)[:300])
            await asyncio.sleep(deps.settings.auto_close_poll_s)

    runtime.in_background(closing_loop)


async def close_due_tickets(deps: Dependencies) -> int:
    """Close (Finalizado) every resolved ticket whose close_due_at has passed."""
    now = datetime.now(UTC)
    closed = 0
    for record in await deps.tickets.due_for_closing(now):
        outcome = close_if_due(record.ticket, policy=deps.settings.closing_policy, now=now)
        try:
            after = record.with_ticket(outcome.ticket)
            await store_change(
                deps, before=record, after=after, events=outcome.events, cause=Cause()
            )
        except VersionConflict:  # changed meanwhile (e.g. reopened): the next round decides
            continue
        closed += bool(outcome.events)
    return closed
