"""What a customer does in "Meus chamados": read, comment, resolve, rate (signing in:
customer_sign_in.py).

Another requester's ticket is reported as not found, so nobody learns which numbers exist."""

from __future__ import annotations

from datetime import UTC, datetime

from tickets.adapters.records import TicketRecord
from tickets.agent_actions import Change, apply_change
from tickets.app_errors import ticket_not_found
from tickets.contract_events import Cause
from tickets.domain.conversation import add_customer_comment
from tickets.domain.csat import rate_service
from tickets.domain.model import AttachmentRef, Channel
from tickets.domain.my_tickets import visible_to_requester
from tickets.domain.opening import InboundMessage
from tickets.domain.reply_policy import ReplyRoute, reopen_with_reply, route_reply
from tickets.domain.status import TicketStatus
from tickets.domain.workflow import mark_resolved_by_customer
from tickets.service import Dependencies, open_new_ticket

_DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)


async def own_ticket(deps: Dependencies, number: int, *, requester_id: str) -> TicketRecord:
    record = await deps.tickets.get(number)
    if record is None or not visible_to_requester(record.ticket, requester_id):
        raise ticket_not_found(number)
    return record


async def merged_target_status(deps: Dependencies, record: TicketRecord) -> TicketStatus | None:
    if record.ticket.merged_into is None:
        return None
    target = await deps.tickets.get(record.ticket.merged_into)
    return target.ticket.status if target else None


async def change_own(
    deps: Dependencies, number: int, change: Change, *, requester_id: str
) -> TicketRecord:
    await own_ticket(deps, number, requester_id=requester_id)
    return await apply_change(deps, number, change, version=None, cause=Cause())


async def write_on_own_ticket(
    deps: Dependencies,
    number: int,
    text: str,
    *,
    requester_id: str,
    attachments: tuple[AttachmentRef, ...] = (),
    submission: str | None = None,
) -> TicketRecord:
    """The customer's words (and files) on their ticket. On a resolved or closed ticket the
    desk's rule for every channel (ReplyPolicy) decides: a new ticket linked to it (default) or
    a reopening. Returns the ticket that took the words; a `submission` already applied to the
    ticket (a form sent again) adds nothing."""
    record = await own_ticket(deps, number, requester_id=requester_id)
    now = datetime.now(UTC)
    message = InboundMessage(
        sender_id=requester_id,
        channel=Channel.WEBFORM,
        subject=record.ticket.subject,
        text=text,
        received_at=now,
        attachments=attachments,
        source_event_id=f"portal:{submission}" if submission else None,
    )
    policy = deps.settings.reply_policy
    route = route_reply(record.ticket, received_at=now, policy=policy)
    if route is ReplyRoute.OPEN_LINKED_TICKET and record.ticket.status in _DONE:
        return await open_new_ticket(
            deps,
            message,
            requester=record.requester,
            now=now,
            cause=Cause(),
            organization_id=record.ticket.organization_id,
            linked_to=number,
        )
    if route is ReplyRoute.REOPEN_TICKET:
        change: Change = lambda t: reopen_with_reply(t, message, policy=policy, now=now)  # noqa: E731
    else:
        change = lambda t: add_customer_comment(t, message, now=now)  # noqa: E731
    return await apply_change(deps, number, change, version=None, cause=Cause())


def resolution(requester_id: str) -> Change:
    now = datetime.now(UTC)
    return lambda t: mark_resolved_by_customer(t, requester_id=requester_id, now=now)


def rating(requester_id: str, score: int, comment: str) -> Change:
    now = datetime.now(UTC)
    return lambda t: rate_service(
        t, requester_id=requester_id, score=score, comment=comment, now=now
    )
