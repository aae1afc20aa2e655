"""Merging contact B into contact A: B's identities and tickets move to A, and every later
message from any of B's identities lands on A.

Repeating a merge is harmless and finishes one that a crash cut short: each step is idempotent
(see adapters/contact_merges.py), and tickets already moved are left as they are.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import structlog

from tickets.adapters.contact_store import requester_of
from tickets.adapters.ticket_store import VersionConflict
from tickets.app_errors import NotFound
from tickets.contract_events import Cause
from tickets.domain.contacts import Contact, merge_contact_into
from tickets.domain.errors import ContactMergeConflict
from tickets.domain.language import Localized
from tickets.domain.model import Actor
from tickets.domain.requester_change import move_to_requester
from tickets.service import Dependencies, store_change

log = structlog.get_logger(__name__)
MOVE_ATTEMPTS = 5
BATCH = 100


def contact_not_found(contact_id: str) -> NotFound:
    return NotFound(
        Localized(f"Contato {contact_id} não encontrado.", f"Contact {contact_id} not found.")
    )


async def known_contact(deps: Dependencies, contact_id: str) -> Contact:
    contact = await deps.contacts.get(contact_id)
    if contact is None:
        raise contact_not_found(contact_id)
    return contact


async def merge_contacts(
    deps: Dependencies, *, survivor_id: str, absorbed_id: str, actor: Actor, cause: Cause
) -> Contact:
    """Merge `absorbed_id` into `survivor_id`; the survivor as it stands afterwards."""
    survivor = await known_contact(deps, survivor_id)
    absorbed = await known_contact(deps, absorbed_id)
    merged = merge_contact_into(survivor, absorbed)  # refuses what may not be merged
    now = datetime.now(UTC)
    if not await deps.contact_merges.claim(absorbed.id, survivor.id, actor=actor, at=now):
        current = await known_contact(deps, absorbed_id)
        merge_contact_into(survivor, current)  # merged elsewhere meanwhile: says so
        raise ContactMergeConflict(_lost_race(absorbed_id))
    await deps.contact_merges.extend_survivor(merged.survivor)
    await deps.contact_merges.repoint_identities(absorbed.id, survivor.id)
    await _move_tickets(deps, absorbed.id, merged.survivor, actor=actor, cause=cause)
    await deps.contact_merges.repoint_sessions(absorbed.id, survivor.id)
    log.info("contacts merged", survivor=survivor.id, absorbed=absorbed.id, actor=actor.id)
    return await known_contact(deps, survivor_id)


async def _move_tickets(
    deps: Dependencies, absorbed_id: str, survivor: Contact, *, actor: Actor, cause: Cause
) -> None:
    query = {"requester_id": absorbed_id}
    while batch := await deps.tickets.page(query, limit=BATCH, before=None):
        for summary in batch:
            await _move_ticket(deps, summary.number, survivor, actor=actor, cause=cause)


async def _move_ticket(
    deps: Dependencies, number: int, survivor: Contact, *, actor: Actor, cause: Cause
) -> None:
    """One ticket to the survivor, reloading when someone changed it at the same moment."""
    version = 0
    for _ in range(MOVE_ATTEMPTS):
        record = await deps.tickets.get(number)
        if record is None:
            return
        version = record.ticket.version
        outcome = move_to_requester(
            record.ticket,
            requester_id=survivor.id,
            organization_id=survivor.organization_id,
            actor=actor,
            now=datetime.now(UTC),
        )
        after = replace(record.with_ticket(outcome.ticket), requester=requester_of(survivor))
        try:
            await store_change(deps, before=record, after=after, events=outcome.events, cause=cause)
        except VersionConflict:
            continue
        return
    raise VersionConflict(number, version)


def _lost_race(contact_id: str) -> Localized:
    return Localized(
        f"O contato {contact_id} acabou de ser unificado a outro contato.",
        f"Contact {contact_id} was just merged into another contact.",
    )
