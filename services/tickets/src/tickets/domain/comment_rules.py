"""Who may comment on a ticket in which status, and the reason given when they may not."""

from __future__ import annotations

from tickets.domain.language import Localized
from tickets.domain.model import Ticket
from tickets.domain.status import TicketStatus


def customer_comment_refusal(ticket: Ticket) -> Localized | None:
    """Why the customer cannot comment on this ticket now; None when they can.

    on_hold is shown to customers as «Em andamento», so it takes their comments like open."""
    if ticket.status is TicketStatus.RESOLVED:
        return Localized(
            f"O chamado nº {ticket.number} já foi resolvido e não recebe novos comentários. "
            "Se o problema continua, abra um novo chamado.",
            f"Ticket #{ticket.number} is already resolved and takes no more comments. "
            "If the problem persists, please open a new ticket.",
        )
    if ticket.status is TicketStatus.CLOSED:
        return Localized(
            f"O chamado nº {ticket.number} está finalizado e não recebe novos comentários. "
            "Se precisar de ajuda, abra um novo chamado.",
            f"Ticket #{ticket.number} is closed and takes no more comments. "
            "If you need help, please open a new ticket.",
        )
    if ticket.status is TicketStatus.MERGED:
        return Localized(
            f"O chamado nº {ticket.number} foi unificado ao chamado nº {ticket.merged_into}; "
            "comente por lá.",
            f"Ticket #{ticket.number} was merged into ticket #{ticket.merged_into}; "
            "please comment there.",
        )
    return None


def staff_reply_refusal(ticket: Ticket) -> Localized:
    """Why staff cannot reply publicly on a closed or merged ticket."""
    if ticket.status is TicketStatus.MERGED:
        return Localized(
            f"O chamado nº {ticket.number} foi unificado ao nº {ticket.merged_into}; "
            "responda por lá.",
            f"Ticket #{ticket.number} was merged into #{ticket.merged_into}; reply there.",
        )
    return Localized(
        f"O chamado nº {ticket.number} está finalizado; não é possível responder nele.",
        f"Ticket #{ticket.number} is closed; it cannot be replied to.",
    )


def resolved_ticket_hint(ticket: Ticket, *, reopens: bool) -> Localized | None:
    """What writing on a resolved or closed ticket does, told before the customer writes."""
    if ticket.status is TicketStatus.RESOLVED and reopens:
        return Localized(
            f"O chamado nº {ticket.number} está resolvido. Se o problema continua, escreva aqui "
            "e ele volta para o atendimento.",
            f"Ticket #{ticket.number} is resolved. If the problem persists, write here and it "
            "goes back to the team.",
        )
    if ticket.status in (TicketStatus.RESOLVED, TicketStatus.CLOSED):
        return Localized(
            f"O chamado nº {ticket.number} já foi concluído. Se o problema continua, escreva "
            "aqui: abriremos um novo chamado ligado a este, com todo o histórico.",
            f"Ticket #{ticket.number} is done. If the problem persists, write here: we will "
            "open a new ticket linked to this one, with its whole history.",
        )
    return None
