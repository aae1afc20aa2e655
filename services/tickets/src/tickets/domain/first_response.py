"""An agent's reply given inside the channel itself (a live chat) is the ticket's first response.

The reply already reached the customer there, so it is not added as a comment (that would repeat
the transcript and mail it to the customer again): the ticket records when it was written, as
`first_response_at`, and tells it in a `ticket.updated` event that sla reads as the reply.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime

from tickets.domain.audit import audit_text, record_changes
from tickets.domain.events import FieldChange, Outcome, TicketUpdated
from tickets.domain.model import Actor, AuthorKind, DomainModel

FIRST_RESPONSE_AT = "first_response_at"


class ChannelReply(DomainModel):
    """A reply an agent wrote to the customer inside the channel, and when."""

    author: Actor
    at: AwareDatetime


def answered_in_channel(outcome: Outcome, reply: ChannelReply | None, *, now: datetime) -> Outcome:
    """`outcome` (a message joining a ticket) plus the first response `reply` was, if the
    ticket has none yet. An outcome that changed nothing (a message already applied) stays so.

    The event comes after the message's own: the transcript is a customer comment, and with
    the reply before it sla would take that comment for a question awaiting a next response."""
    ticket = outcome.ticket
    if (
        reply is None
        or reply.author.kind is not AuthorKind.AGENT
        or not outcome.changed
        or ticket.first_response_at is not None
    ):
        return outcome
    answered = record_changes(
        ticket, actor=reply.author, at=now, changes={FIRST_RESPONSE_AT: reply.at}
    )
    updated = TicketUpdated(
        ticket_number=ticket.number,
        requester_id=ticket.requester_id,
        occurred_at=now,
        actor=reply.author,
        changes=(FieldChange(FIRST_RESPONSE_AT, None, audit_text(reply.at)),),
    )
    return Outcome(ticket=answered, events=(*outcome.events, updated))
