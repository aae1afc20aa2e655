"""Customer satisfaction (CSAT): one rating 1–5 with an optional comment, after resolution."""

from __future__ import annotations

from datetime import datetime

from tickets.domain.audit import record_changes
from tickets.domain.errors import CsatNotAccepted, InvalidRating
from tickets.domain.events import CsatReceived, Outcome
from tickets.domain.language import Localized
from tickets.domain.model import Actor, AuthorKind, CsatRating, Ticket
from tickets.domain.status import TicketStatus

_RATEABLE = frozenset({TicketStatus.RESOLVED, TicketStatus.CLOSED})


def rate_service(
    ticket: Ticket, *, requester_id: str, score: int, comment: str = "", now: datetime
) -> Outcome:
    """Store the requester's rating; refused before resolution, twice, or by someone else."""
    if not 1 <= score <= 5:
        raise InvalidRating(
            Localized("A nota deve ser de 1 a 5.", "The rating must be between 1 and 5.")
        )
    if requester_id != ticket.requester_id:
        raise CsatNotAccepted(
            Localized(
                "Só quem abriu o chamado pode avaliar o atendimento.",
                "Only the ticket's requester can rate the service.",
            )
        )
    if ticket.status not in _RATEABLE:
        raise CsatNotAccepted(
            Localized(
                f"O chamado nº {ticket.number} ainda não foi resolvido; a avaliação fica "
                "disponível depois da resolução.",
                f"Ticket #{ticket.number} is not resolved yet; you can rate the service once "
                "it is.",
            )
        )
    if ticket.csat is not None:
        raise CsatNotAccepted(
            Localized(
                f"O atendimento do chamado nº {ticket.number} já foi avaliado.",
                f"The service on ticket #{ticket.number} has already been rated.",
            )
        )
    rating = CsatRating(score=score, comment=comment.strip(), rated_at=now)
    actor = Actor(kind=AuthorKind.CUSTOMER, id=requester_id)
    changed = record_changes(ticket, actor=actor, at=now, changes={"csat": rating})
    event = CsatReceived(
        ticket_number=ticket.number,
        requester_id=ticket.requester_id,
        occurred_at=now,
        actor=actor,
        rating=score,
        comment=rating.comment,
    )
    return Outcome(ticket=changed, events=(event,))
