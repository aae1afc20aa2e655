"""What agents do to tickets: reply, note, merge, register a phone call (field changes:
field_edits.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from helpdesk_contracts.common import Person
from tickets.adapters.contact_store import requester_of
from tickets.adapters.records import TicketRecord
from tickets.adapters.ticket_store import VersionConflict
from tickets.app_errors import stale_version, ticket_not_found
from tickets.contract_events import Cause
from tickets.domain.conversation import add_internal_note, add_public_reply
from tickets.domain.events import Outcome
from tickets.domain.merge import merge_tickets
from tickets.domain.model import Actor, AttachmentRef, Channel, Priority, Ticket
from tickets.domain.opening import InboundMessage
from tickets.domain.status import TicketStatus
from tickets.service import Dependencies, open_new_ticket, store_change

Change = Callable[[Ticket], Outcome]


async def load(deps: Dependencies, number: int) -> TicketRecord:
    record = await deps.tickets.get(number)
    if record is None:
        raise ticket_not_found(number)
    return record


async def apply_change(
    deps: Dependencies, number: int, change: Change, *, version: int | None, cause: Cause
) -> TicketRecord:
    """Load, check the version the client saw, apply, store with the version check."""
    record = await load(deps, number)
    if version is not None and version != record.ticket.version:
        raise stale_version(number, record.ticket.version, version)
    outcome = change(record.ticket)
    after = record.with_ticket(outcome.ticket)
    try:
        await store_change(deps, before=record, after=after, events=outcome.events, cause=cause)
    except VersionConflict:
        current = await load(deps, number)
        raise stale_version(number, current.ticket.version, record.ticket.version) from None
    return after


def reply(
    *,
    author: Actor,
    body: str,
    set_status: TicketStatus | None,
    attachments: tuple[AttachmentRef, ...] = (),
) -> Change:
    now = datetime.now(UTC)
    return lambda t: add_public_reply(
        t,
        author=author,
        body=body,
        channel=t.channel,
        now=now,
        set_status=set_status,
        attachments=attachments,
    )


def note(*, author: Actor, body: str, attachments: tuple[AttachmentRef, ...] = ()) -> Change:
    now = datetime.now(UTC)
    return lambda t: add_internal_note(
        t, author=author, body=body, now=now, attachments=attachments
    )


async def merge(
    deps: Dependencies,
    source_number: int,
    target_number: int,
    *,
    actor: Actor,
    cause: Cause,
    different_requesters_confirmed: bool = False,
) -> tuple[TicketRecord, TicketRecord]:
    """Target first (it receives the comments), then the source; a retry after a failure in
    between copies nothing twice."""
    source = await load(deps, source_number)
    target = await load(deps, target_number)
    merged = merge_tickets(
        source.ticket,
        target.ticket,
        actor=actor,
        now=datetime.now(UTC),
        different_requesters_confirmed=different_requesters_confirmed,
    )
    new_target = target.with_ticket(merged.target)
    new_source = source.with_ticket(merged.source)
    try:
        await store_change(
            deps, before=target, after=new_target, events=merged.target_events, cause=cause
        )
        await store_change(
            deps,
            before=source,
            after=new_source,
            events=merged.source_events,
            cause=cause,
            target=new_target,
        )
    except VersionConflict as conflict:
        current = await load(deps, conflict.number)
        raise stale_version(conflict.number, current.ticket.version, conflict.expected) from None
    return new_source, new_target


@dataclass(frozen=True)
class PhoneCall:
    caller: Person
    subject: str
    text: str
    category: str | None = None
    subcategory: str | None = None
    priority: Priority | None = None
    group_id: str | None = None


async def register_phone_call(
    deps: Dependencies, call: PhoneCall, *, agent: Actor, cause: Cause
) -> TicketRecord:
    """A ticket on the phone channel for the caller; the first comment is the agent's account."""
    now = datetime.now(UTC)
    contact, _ = await deps.contacts.resolve(call.caller, now=now)
    message = InboundMessage(
        sender_id=contact.id,
        channel=Channel.PHONE,
        subject=call.subject,
        text=call.text,
        received_at=now,
    )
    return await open_new_ticket(
        deps,
        message,
        requester=requester_of(contact),
        now=now,
        cause=cause,
        organization_id=contact.organization_id,
        category=call.category,
        subcategory=call.subcategory,
        priority=call.priority,
        group_id=call.group_id,
        opened_by=agent,
    )
