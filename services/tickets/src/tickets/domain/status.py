"""Ticket statuses, the transition table and the rule that guards it.

new (Em espera) → open (Em andamento) ⇄ pending (Aguardando sua resposta) / on_hold (Em pausa)
→ resolved (Resolvido) → closed (Finalizado, automatically N days later) ; merged is terminal.
A resolved ticket can be reopened (→ open); closed and merged tickets never move again.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from tickets.domain.errors import InvalidTransition
from tickets.domain.language import Localized


class TicketStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    ON_HOLD = "on_hold"
    RESOLVED = "resolved"
    CLOSED = "closed"
    MERGED = "merged"


#: Someone still has work to do on the ticket: it takes customer comments and can be merged.
ACTIVE_STATUSES: frozenset[TicketStatus] = frozenset(
    {TicketStatus.NEW, TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD}
)

_WORKING = {TicketStatus.OPEN, TicketStatus.PENDING, TicketStatus.ON_HOLD}
_LEAVING_WORK = {TicketStatus.RESOLVED, TicketStatus.MERGED}

ALLOWED_TRANSITIONS: Mapping[TicketStatus, frozenset[TicketStatus]] = {
    TicketStatus.NEW: frozenset(_WORKING | _LEAVING_WORK),
    TicketStatus.OPEN: frozenset(_WORKING - {TicketStatus.OPEN} | _LEAVING_WORK),
    TicketStatus.PENDING: frozenset(_WORKING - {TicketStatus.PENDING} | _LEAVING_WORK),
    TicketStatus.ON_HOLD: frozenset(_WORKING - {TicketStatus.ON_HOLD} | _LEAVING_WORK),
    TicketStatus.RESOLVED: frozenset({TicketStatus.OPEN, TicketStatus.CLOSED}),
    TicketStatus.CLOSED: frozenset(),
    TicketStatus.MERGED: frozenset(),
}

#: Names staff see (agent console, reports). Customers see `status_display.customer_label`.
STAFF_LABELS: Mapping[TicketStatus, Localized] = {
    TicketStatus.NEW: Localized("Em espera", "New"),
    TicketStatus.OPEN: Localized("Em andamento", "Open"),
    TicketStatus.PENDING: Localized("Aguardando cliente", "Pending (awaiting customer)"),
    TicketStatus.ON_HOLD: Localized("Em pausa", "On hold"),
    TicketStatus.RESOLVED: Localized("Resolvido", "Resolved"),
    TicketStatus.CLOSED: Localized("Finalizado", "Closed"),
    TicketStatus.MERGED: Localized("Unificado", "Merged"),
}


def can_transition(current: TicketStatus, requested: TicketStatus) -> bool:
    """Whether the table allows `current` → `requested`."""
    return requested in ALLOWED_TRANSITIONS[current]


def check_transition(current: TicketStatus, requested: TicketStatus) -> None:
    """Raise `InvalidTransition` with the reason when the table forbids `current` → `requested`."""
    if not can_transition(current, requested):
        raise InvalidTransition(transition_refusal(current, requested))


def transition_refusal(current: TicketStatus, requested: TicketStatus) -> Localized:
    """Why `current` → `requested` is refused, in words an agent or customer understands."""
    now, wanted = STAFF_LABELS[current], STAFF_LABELS[requested]
    if current is requested:
        return Localized(
            f"O chamado já está com o status «{now.pt_br}».",
            f"The ticket is already «{now.en}».",
        )
    if current is TicketStatus.CLOSED:
        return Localized(
            "Este chamado está finalizado e não muda mais de status; abra um novo chamado.",
            "This ticket is closed and can no longer change status; open a new ticket.",
        )
    if current is TicketStatus.MERGED:
        return Localized(
            "Este chamado foi unificado a outro; continue pelo chamado de destino.",
            "This ticket was merged into another one; continue on the target ticket.",
        )
    if requested is TicketStatus.NEW:
        return Localized(
            "Um chamado não volta para «Em espera» depois de atendido.",
            "A ticket never goes back to «New» once it has been worked on.",
        )
    if requested is TicketStatus.CLOSED:
        return Localized(
            "Só um chamado resolvido pode ser finalizado.",
            "Only a resolved ticket can be closed.",
        )
    return Localized(
        f"Um chamado «{now.pt_br}» só pode ser reaberto ou finalizado, não passar para "
        f"«{wanted.pt_br}».",
        f"A «{now.en}» ticket can only be reopened or closed, not moved to «{wanted.en}».",
    )
