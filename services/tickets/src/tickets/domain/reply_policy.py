"""What a customer's message does to a ticket that is no longer active, on every channel
(an e-mail reply, a WhatsApp message, a comment in "Meus chamados").

Active ticket: the message is added. Resolved or closed ticket, by default: the message opens a
new ticket linked to the old one (`open_ticket(..., linked_to=old.number)`) and the customer is
told so; the resolved ticket keeps its resolution and its rating. A desk that prefers reopening
sets `reopen_resolved` (HELPDESK_RESOLVED_REPLY=reopen): a message within the reopen window
(default 7 days) after resolution then reopens the ticket. A closed ticket is never reopened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from tickets.domain.errors import InvalidTransition
from tickets.domain.events import Outcome
from tickets.domain.first_response import answered_in_channel
from tickets.domain.language import Localized
from tickets.domain.model import Ticket
from tickets.domain.opening import InboundMessage, comment_added, customer_comment_from
from tickets.domain.status import TicketStatus
from tickets.domain.workflow import change_status


@dataclass(frozen=True, slots=True)
class ReplyPolicy:
    reopen_window: timedelta = timedelta(days=7)
    reopen_resolved: bool = False


class ReplyRoute(StrEnum):
    ADD_TO_TICKET = "add_to_ticket"
    REOPEN_TICKET = "reopen_ticket"
    OPEN_LINKED_TICKET = "open_linked_ticket"


def route_reply(ticket: Ticket, *, received_at: datetime, policy: ReplyPolicy) -> ReplyRoute:
    """Where a customer's reply to `ticket` goes."""
    if ticket.is_active:
        return ReplyRoute.ADD_TO_TICKET
    if (
        policy.reopen_resolved
        and ticket.status is TicketStatus.RESOLVED
        and ticket.resolved_at is not None
        and received_at - ticket.resolved_at <= policy.reopen_window
    ):
        return ReplyRoute.REOPEN_TICKET
    return ReplyRoute.OPEN_LINKED_TICKET


def reopen_with_reply(
    ticket: Ticket, message: InboundMessage, *, policy: ReplyPolicy, now: datetime
) -> Outcome:
    """Reopen a resolved ticket (→ open) and add the customer's reply to it."""
    if message.source_event_id and ticket.has_applied(message.source_event_id):
        return Outcome(ticket=ticket)
    if route_reply(ticket, received_at=message.received_at, policy=policy) is not (
        ReplyRoute.REOPEN_TICKET
    ):
        raise InvalidTransition(
            Localized(
                f"O chamado nº {ticket.number} não pode ser reaberto por esta resposta.",
                f"Ticket #{ticket.number} cannot be reopened by this reply.",
            )
        )
    comment = customer_comment_from(ticket, message)
    reopened = change_status(
        ticket,
        to=TicketStatus.OPEN,
        actor=comment.author,
        now=now,
        untracked={"comments": (*ticket.comments, comment)},
    )
    joined = Outcome(
        ticket=reopened.ticket, events=(comment_added(ticket, comment, now), *reopened.events)
    )
    return answered_in_channel(joined, message.agent_reply, now=now)
