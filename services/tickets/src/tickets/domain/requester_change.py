"""A ticket changing hands between contacts: when a contact is merged into another, its tickets
move to the survivor, so that "Meus chamados" shows the person's whole history."""

from __future__ import annotations

from datetime import datetime

from tickets.domain.events import Outcome
from tickets.domain.model import Actor, Ticket
from tickets.domain.triage import updated_fields


def move_to_requester(
    ticket: Ticket,
    *,
    requester_id: str,
    organization_id: str | None,
    actor: Actor,
    now: datetime,
) -> Outcome:
    """The ticket now belongs to `requester_id`; closed and merged tickets move too (the audit
    line is the only change to them). The organization follows only where the ticket had none:
    a ticket keeps the company it was opened for."""
    if ticket.requester_id == requester_id:
        return Outcome(ticket=ticket)
    changes: dict[str, object] = {"requester_id": requester_id}
    if ticket.organization_id is None and organization_id is not None:
        changes["organization_id"] = organization_id
    return updated_fields(ticket, actor=actor, now=now, changes=changes)
