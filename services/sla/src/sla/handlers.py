"""Applying ticket.* events to the ticket's SLA clock, once each, and telling the new due times."""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.tickets import TicketCreated, TicketEvent
from helpdesk_runtime.database import Document
from sla.adapters.clock_store import RECENT_EVENTS, StoredClock, clock_fields
from sla.domain.clock import SlaClock
from sla.domain.clock_occurrences import Occurrence, apply_occurrence, start_clock
from sla.service import ConcurrentChange, SlaDependencies, on_current_config
from sla.sla_events import clock_updated, envelopes, visible_state
from sla.ticket_occurrences import occurrence_of

ATTEMPTS = 10


async def apply_ticket_event(deps: SlaDependencies, envelope: Envelope[Any]) -> None:
    """Start or change the ticket's clock; a redelivered event changes nothing.

    Every write names the version it read, so concurrent replicas never lose a change.
    """
    event: TicketEvent = envelope.payload
    occurrence = occurrence_of(event, envelope.occurred_at)
    for _ in range(ATTEMPTS):
        stored = await deps.clocks.get(event.ticket.number)
        if stored is None:
            done = await _start(deps, envelope, occurrence)
        elif str(envelope.event_id) in stored.applied:
            return
        else:
            if stored.config_version > deps.config.version:  # replaced on another replica
                await deps.config.refresh(deps.configs)
            done = await _change(deps, stored, envelope, occurrence)
        if done:
            deps.events_stored()
            deps.deadlines_changed()
            return
    raise ConcurrentChange(f"clock of ticket {event.ticket.number} kept changing")


async def _start(
    deps: SlaDependencies, envelope: Envelope[Any], occurrence: Occurrence | None
) -> bool:
    event: TicketEvent = envelope.payload
    ticket, policy = event.ticket, deps.config.policy
    clock = start_clock(
        ticket_number=ticket.number,
        priority=ticket.priority,
        opened_at=ticket.created_at,
        policy=policy,
        status=ticket.status if isinstance(event, TicketCreated) else "new",
        category=ticket.category,
    )
    if occurrence is not None:
        clock = apply_occurrence(clock, occurrence, policy)
    fields = _fields(deps, clock, envelope, applied=())
    now = deps.time.now()
    told = envelopes(
        [clock_updated(clock, now, policy)],
        now=now,
        correlation_id=envelope.correlation_id,
        causation_id=str(envelope.event_id),
    )
    return await deps.clocks.insert(ticket.number, fields, told)


async def _change(
    deps: SlaDependencies,
    stored: StoredClock,
    envelope: Envelope[Any],
    occurrence: Occurrence | None,
) -> bool:
    event: TicketEvent = envelope.payload
    policy, now = deps.config.policy, deps.time.now()
    at = occurrence.at if occurrence else envelope.occurred_at
    clock = on_current_config(stored, deps.config, max(at, stored.clock.updated_at))
    if occurrence is not None:
        clock = apply_occurrence(clock, occurrence, policy)
    fields = _fields(deps, clock, envelope, applied=stored.applied)
    if event.ticket.version < stored.ticket_version:  # an older snapshot: keep the newer details
        for name in ("assignee", "group", "ticket_version"):
            fields.pop(name)
    changed = visible_state(clock) != visible_state(stored.clock)
    told = envelopes(
        [clock_updated(clock, now, policy)] if changed else [],
        now=now,
        correlation_id=envelope.correlation_id,
        causation_id=str(envelope.event_id),
    )
    return await deps.clocks.replace(event.ticket.number, stored.version, fields, told)


def _fields(
    deps: SlaDependencies, clock: SlaClock, envelope: Envelope[Any], applied: tuple[str, ...]
) -> Document:
    ticket = envelope.payload.ticket
    return {
        **clock_fields(clock, deps.time.now(), deps.config.policy),
        "config_version": deps.config.version,
        "assignee": ticket.assignee.model_dump(mode="json") if ticket.assignee else None,
        "group": ticket.group,
        "ticket_version": ticket.version,
        "correlation_id": envelope.correlation_id,
        "applied": [*applied, str(envelope.event_id)][-RECENT_EVENTS:],
    }
