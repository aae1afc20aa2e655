"""Use cases: plan and send the deliveries an event causes; apply a provider's status report.

Retries go through the broker. When any delivery of an event fails transiently, the handler
raises DeliveriesPending after trying all of them; the shared runtime puts the event on its
delay queue and hands it back later. The delivery log makes that repeat harmless: keys already
planned are not planned again and deliveries already sent or failed are not attempted again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from uuid import UUID

import structlog

from helpdesk_contracts.events.intake import DeliveryStatus as DeliveryStatusReport
from notify.adapters.delivery_documents import DeliveryRecord, SkippedDelivery
from notify.dependencies import NotifyDependencies
from notify.domain.contacts import Channel
from notify.domain.delivery import DeliveryKey, DeliveryStatus, record_status
from notify.domain.preferences import SkipReason, plan_channels
from notify.notices import Notice
from notify.outcome_events import failed_event
from notify.sending import attempt_delivery

log = structlog.get_logger(__name__)

_REPORTED = {
    "sent": DeliveryStatus.SENT,
    "delivered": DeliveryStatus.DELIVERED,
    "read": DeliveryStatus.READ,
    "failed": DeliveryStatus.FAILED,
    "bounced": DeliveryStatus.FAILED,
}


class DeliveriesPending(Exception):
    """Some deliveries failed transiently: the event is retried through the broker's delay queue."""


async def notify_about(
    notices: Sequence[Notice], *, event_id: UUID, correlation_id: str, deps: NotifyDependencies
) -> None:
    """Plan one delivery per recipient and channel (once per event), then send what is queued."""
    planned: list[DeliveryRecord] = []
    skipped: list[SkippedDelivery] = []
    for notice in notices:
        for contact in notice.request.recipients:
            preferences = await deps.contacts.preferences(contact.contact_id)
            contact = contact.model_copy(update={"preferences": preferences})
            request = notice.request.model_copy(update={"recipients": (contact,)})
            plan = plan_channels(contact, request.kind)
            for target in plan.targets:
                key = DeliveryKey(
                    event_id=event_id, channel=target.channel, recipient=contact.contact_id
                )
                planned.append(
                    DeliveryRecord(
                        key=key,
                        request=request,
                        address=target.address,
                        reply_token=notice.reply_token,
                        correlation_id=correlation_id,
                    )
                )
            for skip in plan.skipped:
                if skip.reason is not SkipReason.NOT_OFFERED_FOR_KIND:
                    key = DeliveryKey(
                        event_id=event_id, channel=skip.channel, recipient=contact.contact_id
                    )
                    skipped.append(SkippedDelivery(key=key, request=request, reason=skip.reason))
    if await deps.deliveries.plan(planned, skipped, datetime.now(UTC)):
        await send_all(planned, deps)
        return
    # Seen before: look up every channel's key, so a retry finds what an earlier plan queued
    # even if the contact's preferences changed in between.
    recipients = dict.fromkeys(c.contact_id for n in notices for c in n.request.recipients)
    keys = [
        DeliveryKey(event_id=event_id, channel=c, recipient=r) for r in recipients for c in Channel
    ]
    await send_all(await deps.deliveries.queued(keys), deps)


async def send_all(records: Sequence[DeliveryRecord], deps: NotifyDependencies) -> None:
    """Attempt each queued delivery once; raise if any must be tried again."""
    pending = [str(record.key) for record in records if await attempt_delivery(record, deps)]
    if pending:
        raise DeliveriesPending(f"{len(pending)} deliveries will be retried: {', '.join(pending)}")


async def apply_delivery_status(report: DeliveryStatusReport, deps: NotifyDependencies) -> None:
    """Move the named delivery forward (sent → delivered → read, or failed); ignore stale ones."""
    provider_id = report.provider_message_id.strip()
    candidates = list(dict.fromkeys((provider_id, f"<{provider_id.strip('<>')}>")))
    record = await deps.deliveries.find_by_provider_id(
        candidates, reference=report.callback_reference
    )
    if record is None:
        log.info("status for an unknown message ignored", provider_message_id=provider_id)
        return
    if record.state.provider_message_id is None:  # found by its callback data: name it now
        named = record.state.model_copy(update={"provider_message_id": provider_id})
        record = replace(record, state=named)
    update = record_status(
        record.state,
        reported=_REPORTED[report.status],
        at=report.reported_at,
        error_code=report.error_code or report.status,
    )
    if not update.applied:
        log.info("stale delivery status ignored", delivery=str(record.key), status=report.status)
        return
    events = []
    if update.state.status is DeliveryStatus.FAILED:
        reason = report.error_reason or report.status
        events.append(failed_event(record, update.state, reason=reason, permanent=True))
    if not await deps.deliveries.save_status(
        record, update.state, events=events, at=datetime.now(UTC)
    ):
        raise RuntimeError(f"delivery {record.key} changed while applying a status; retrying")
    if events:
        deps.outbox_ready()
