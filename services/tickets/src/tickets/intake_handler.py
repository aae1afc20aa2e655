"""An `intake.message.received` event becomes a new ticket or a comment on an existing one.

Order: (holding the sender's lease) contact → already applied? (the inbound id is on a
comment) → threading → reply policy → duplicate guard → open a ticket. A sender whose contact
this delivery created (by claiming its identity key) has no ticket yet, and no copy of this
message was applied (a copy would have claimed the key first), so neither of those two
reads is made for them. Applying the same inbound
message twice changes nothing, so the runtime writes no inbox entry for it: the comment that
carries the inbound id is the mark, written with the change. Messages of one sender (and every
copy of one message) are applied one at a time across replicas, in the order they are delivered
(taking the lease is the first thing done with a delivery); those of different senders in
parallel. A ticket two requesters write at once (a colleague replying on the same
thread) is re-read and the message applied again, a few times, before the broker retries it.
"""

from __future__ import annotations

from datetime import UTC, datetime

import structlog

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.intake import AgentReply, MessageReceived
from tickets.adapters.contact_store import ResolvedContact, requester_of
from tickets.adapters.records import TicketRecord, bare_message_id
from tickets.adapters.thread_directory import StoredTicketDirectory
from tickets.adapters.ticket_store import VersionConflict
from tickets.contract_events import Cause
from tickets.domain.conversation import add_customer_comment
from tickets.domain.duplicates import (
    DUPLICATE_WINDOW,
    content_fingerprint,
    find_duplicate_ticket,
)
from tickets.domain.events import Outcome
from tickets.domain.first_response import ChannelReply
from tickets.domain.message_threading import ThreadingHints, resolve_thread
from tickets.domain.model import Actor, AttachmentRef, AuthorKind, Channel
from tickets.domain.opening import InboundMessage
from tickets.domain.reply_policy import ReplyRoute, reopen_with_reply, route_reply
from tickets.sender_contacts import requester_key, resolve_sender
from tickets.service import Dependencies, open_new_ticket, store_change

log = structlog.get_logger(__name__)
CONFLICT_ATTEMPTS = 3
WHATSAPP_CONVERSATION = "whatsapp_conversation"


async def receive_message(deps: Dependencies, envelope: Envelope[MessageReceived]) -> None:
    event = envelope.payload
    async with deps.requester_leases.hold(requester_key(event)):
        sender = await resolve_sender(deps, event, now=datetime.now(UTC))
        for attempt in range(1, CONFLICT_ATTEMPTS + 1):
            try:
                await _receive(deps, envelope, sender)
                return
            except VersionConflict:
                if attempt == CONFLICT_ATTEMPTS:
                    raise


async def _receive(
    deps: Dependencies, envelope: Envelope[MessageReceived], sender: ResolvedContact
) -> None:
    event, (contact, first_contact) = envelope.payload, sender
    if not first_contact and await deps.tickets.holding_source(event.inbound_id) is not None:
        log.debug("inbound message already on a ticket", inbound_id=event.inbound_id)
        return
    now = datetime.now(UTC)
    message = inbound_message(event, sender_id=contact.id)
    cause = Cause(correlation_id=envelope.correlation_id, causation_id=str(envelope.event_id))
    directory = StoredTicketDirectory(deps.tickets)
    match = await resolve_thread(_hints(event), sender_id=contact.id, directory=directory)
    if match.refused_subject_number is not None:
        log.warning(
            "subject ticket number ignored: sender is not its requester",
            number=match.refused_subject_number,
            contact_id=contact.id,
        )
    if match.ticket is not None:
        record = directory.found[match.ticket.number]
        policy = deps.settings.reply_policy
        route = route_reply(record.ticket, received_at=event.received_at, policy=policy)
        if route is ReplyRoute.ADD_TO_TICKET:
            await _apply(deps, record, add_customer_comment(record.ticket, message, now=now), cause)
            return
        if route is ReplyRoute.REOPEN_TICKET:
            outcome = reopen_with_reply(record.ticket, message, policy=policy, now=now)
            await _apply(deps, record, outcome, cause)
            return
        await open_new_ticket(
            deps,
            message,
            requester=requester_of(contact),
            now=now,
            cause=cause,
            organization_id=contact.organization_id,
            linked_to=record.number,
        )
        return
    if not first_contact and (duplicate := await _duplicate_of(deps, message, now=now)):
        outcome = add_customer_comment(duplicate.ticket, message, now=now, is_duplicate=True)
        await _apply(deps, duplicate, outcome, cause)
        return
    form = event.form
    await open_new_ticket(
        deps,
        message,
        requester=requester_of(contact),
        now=now,
        cause=cause,
        organization_id=contact.organization_id,
        category=form.category if form else None,
        subcategory=form.subcategory if form else None,
    )


async def _apply(deps: Dependencies, record: TicketRecord, outcome: Outcome, cause: Cause) -> None:
    after = record.with_ticket(outcome.ticket)
    await store_change(deps, before=record, after=after, events=outcome.events, cause=cause)


async def _duplicate_of(
    deps: Dependencies, message: InboundMessage, *, now: datetime
) -> TicketRecord | None:
    fingerprint = content_fingerprint(message.subject, message.text)
    candidates = await deps.tickets.active_with_fingerprint(
        requester_id=message.sender_id, fingerprint=fingerprint, since=now - DUPLICATE_WINDOW
    )
    by_number = {c.number: c for c in candidates}
    found = find_duplicate_ticket(
        (c.ticket for c in candidates),
        requester_id=message.sender_id,
        fingerprint=fingerprint,
        received_at=now,
    )
    return by_number[found.number] if found else None


def inbound_message(event: MessageReceived, *, sender_id: str) -> InboundMessage:
    """What the domain needs of the event; the inbound id makes applying it idempotent."""
    return InboundMessage(
        sender_id=sender_id,
        channel=Channel(event.channel),
        subject=event.subject,
        text=event.text or event.full_text,
        received_at=event.received_at,
        attachments=tuple(AttachmentRef(**a.model_dump()) for a in event.attachments),
        source_event_id=event.inbound_id,
        message_id=bare_message_id(event.threading.message_id),
        whatsapp_conversation_id=event.threading.external_ids.get(WHATSAPP_CONVERSATION),
        agent_reply=_agent_reply(event.first_agent_reply),
    )


def _agent_reply(reply: AgentReply | None) -> ChannelReply | None:
    if reply is None:
        return None
    author = Actor(kind=AuthorKind(reply.author.kind), id=reply.author.id)
    return ChannelReply(author=author, at=reply.at)


def _hints(event: MessageReceived) -> ThreadingHints:
    threading = event.threading
    return ThreadingHints(
        in_reply_to=(threading.in_reply_to,) if threading.in_reply_to else (),
        references=threading.references,
        reply_token=threading.reply_token,
        whatsapp_conversation_id=threading.external_ids.get(WHATSAPP_CONVERSATION),
        subject=event.subject,
        ticket_number_hint=threading.ticket_number_hint,
    )
