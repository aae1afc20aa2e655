"""One send attempt of one delivery: claim it, say it on its channel, record what came of it."""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import structlog
from jinja2 import TemplateError
from pymongo.errors import ConnectionFailure

from helpdesk_runtime.inbox import EventInProgress
from notify.adapters.delivery_documents import DeliveryRecord
from notify.adapters.delivery_log import Lease
from notify.dependencies import NotifyDependencies
from notify.domain.attempts import decide_after_attempt
from notify.domain.contacts import Channel
from notify.domain.delivery import DeliveryStatus
from notify.domain.email_message import EmailThread, build_email, message_id_for
from notify.domain.hand_over import HandedOver, HandOver, HandOverRefused, taken_before_a_stop
from notify.domain.kinds import Audience
from notify.domain.outcomes import OutcomeKind, SendOutcome
from notify.domain.rendering import RenderedMessage
from notify.domain.whatsapp_message import build_whatsapp_message
from notify.domain.whatsapp_templates import WhatsAppTemplateMissing
from notify.outcome_events import events_after_attempt

log = structlog.get_logger(__name__)
_unfinished: set[asyncio.Task[bool]] = set()  # attempts whose caller was cancelled, still held


class DeliveryBusy(EventInProgress):
    """Another worker is sending this delivery right now; the event is looked at again later
    without using up its attempts (that worker may hold it for a whole send lease)."""


async def attempt_delivery(record: DeliveryRecord, deps: NotifyDependencies) -> bool:
    """Send once and store the outcome; True when the delivery must be retried later."""
    now = datetime.now(UTC)
    lease = await deps.deliveries.claim(record.key, now=now, lease=deps.send_lease)
    if lease is None:
        raise DeliveryBusy(str(record.key))
    # Once claimed, the attempt runs on to its record even if the delivery that asked for it is
    # cancelled (its broker connection was lost): cut between the send and its record, the
    # lease would run out and the message go out twice.
    attempt = asyncio.create_task(_send_and_record(lease.record or record, lease, deps, now))
    _unfinished.add(attempt)
    attempt.add_done_callback(_unfinished.discard)
    return await asyncio.shield(attempt)


async def _send_and_record(
    record: DeliveryRecord, lease: Lease, deps: NotifyDependencies, now: datetime
) -> bool:
    record_by = time.monotonic() + deps.send_lease.total_seconds() / 2
    if lease.handed_over is not None:
        outcome = taken_before_a_stop(lease.handed_over)
    else:
        outcome = await _say(record, deps, now, _handing_over(record, lease, deps, now))
    decision = decide_after_attempt(
        record.state, outcome, at=now, policy=deps.retry_policy, random_fraction=random.random()
    )
    attempt = {
        "at": now,
        "outcome": outcome.kind.value,
        "error_code": outcome.error_code,
        "detail": outcome.detail,
        "will_retry": decision.retry_after is not None,
    }
    events = events_after_attempt(record, decision.state, outcome)
    saved = await while_leased(
        lambda: deps.deliveries.save_attempt(
            record, decision.state, attempt=attempt, events=events, at=now
        ),
        until=record_by,
    )
    if not saved:  # our lease ran out and another worker recorded this attempt: theirs stands
        log.warning("attempt outcome not recorded", delivery=str(record.key))
        return False
    if events:
        deps.outbox_ready()
    sent = decision.state.status is DeliveryStatus.SENT
    number = _requester_ticket(record)
    if sent and record.channel is Channel.EMAIL and number is not None:
        await deps.tickets.add_message_id(number, _message_id(record, deps))
    log.info(
        "delivery attempted",
        delivery=str(record.key),
        outcome=outcome.kind.value,
        status=decision.state.status.value,
        error_code=outcome.error_code,
    )
    return decision.retry_after is not None


async def while_leased(save: Callable[[], Awaitable[bool]], *, until: float) -> bool:
    """`save`, tried again through a lost database connection until `until` (monotonic).

    The attempt already happened: a message may be in the customer's mailbox. Were its record
    lost to a database restart, the lease would run out and a worker would send it again."""
    pause = 0.2
    while True:
        try:
            return await save()
        except ConnectionFailure:
            if time.monotonic() + pause > until:
                raise
            await asyncio.sleep(pause)
            pause = min(pause * 2, 2.0)


def _handing_over(
    record: DeliveryRecord, lease: Lease, deps: NotifyDependencies, now: datetime
) -> HandOver:
    """Stores, just before the channel takes the message, that this attempt handed it over."""
    provider_id = _message_id(record, deps) if record.channel is Channel.EMAIL else None
    mark = HandedOver(attempt=record.state.attempts + 1, at=now, provider_message_id=provider_id)

    async def hand_over() -> None:
        try:
            stored = await deps.deliveries.hand_over(record.key, token=lease.token, mark=mark)
        except ConnectionFailure as failure:
            raise HandOverRefused(f"hand-over not stored: {failure}") from failure
        if not stored:
            raise HandOverRefused("hand-over not stored: another worker holds the delivery")

    return hand_over


def _requester_ticket(record: DeliveryRecord) -> str | None:
    """The ticket whose mail thread a requester's message belongs to (None: staff mail, or a
    message about no ticket)."""
    if record.request.kind.audience is not Audience.REQUESTER:
        return None
    return record.ticket_number


def _message_id(record: DeliveryRecord, deps: NotifyDependencies) -> str:
    sender = deps.sender
    return message_id_for(record.key, sender.message_id_domain or sender.domain)


async def _say(
    record: DeliveryRecord, deps: NotifyDependencies, now: datetime, hand_over: HandOver
) -> SendOutcome:
    try:
        message = deps.renderer.render(record.request, record.request.recipients[0])
    except TemplateError as error:  # a template bug: no retry can fix it
        return SendOutcome(kind=OutcomeKind.PERMANENT, error_code="render", detail=str(error))
    if record.channel is Channel.EMAIL:
        return await _send_email(record, message, deps, now, hand_over)
    return await _send_whatsapp(record, message, deps, now, hand_over)


async def _send_email(
    record: DeliveryRecord,
    message: RenderedMessage,
    deps: NotifyDependencies,
    now: datetime,
    hand_over: HandOver,
) -> SendOutcome:
    thread = EmailThread()
    number = _requester_ticket(record)
    if number is not None:
        own = _message_id(record, deps)
        earlier = (await deps.tickets.facts(number)).message_ids
        thread = EmailThread(
            earlier_message_ids=tuple(mid for mid in earlier if mid != own),
            reply_token=record.reply_token,
        )
    email = build_email(
        message=message,
        kind=record.request.kind,
        ticket_number=record.ticket_number,
        to_name=record.request.recipients[0].name,
        to_address=record.address,
        sender=deps.sender,
        thread=thread,
        delivery_key=record.key,
        sent_at=now,
    )
    return await deps.smtp.send(
        email, sender=deps.sender.address.addr_spec, recipient=record.address, hand_over=hand_over
    )


async def _send_whatsapp(
    record: DeliveryRecord,
    message: RenderedMessage,
    deps: NotifyDependencies,
    now: datetime,
    hand_over: HandOver,
) -> SendOutcome:
    last_inbound = await deps.contacts.last_whatsapp_message(record.address)
    try:
        built = build_whatsapp_message(
            request=record.request,
            message=message,
            to=record.address,
            reference=str(record.key),
            last_inbound_at=last_inbound,
            now=now,
            templates=deps.whatsapp_templates,
        )
    except WhatsAppTemplateMissing as missing:
        return SendOutcome(
            kind=OutcomeKind.PERMANENT, error_code="whatsapp:template_missing", detail=str(missing)
        )
    return await deps.whatsapp.send(built.body, hand_over=hand_over)
