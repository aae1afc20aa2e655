"""Status names as customers and staff see them, in pt-BR and English.

Customers ("Meus chamados") see four states only: Em espera, Em andamento, Aguardando sua
resposta, Resolvido. on_hold (waiting on an internal team) is internal detail, so customers see
it as «Em andamento» while staff see «Em pausa»; closed (Finalizado for staff) is «Resolvido»
for customers; a merged ticket shows the status of the ticket it was merged into (or «Em
andamento» when that one is not at hand).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from tickets.domain.language import Localized
from tickets.domain.status import STAFF_LABELS, TicketStatus


class CustomerStatus(StrEnum):
    WAITING = "waiting"
    IN_PROGRESS = "in_progress"
    AWAITING_YOUR_REPLY = "awaiting_your_reply"
    RESOLVED = "resolved"


CUSTOMER_LABELS: Mapping[CustomerStatus, Localized] = {
    CustomerStatus.WAITING: Localized("Em espera", "Waiting"),
    CustomerStatus.IN_PROGRESS: Localized("Em andamento", "In progress"),
    CustomerStatus.AWAITING_YOUR_REPLY: Localized("Aguardando sua resposta", "Awaiting your reply"),
    CustomerStatus.RESOLVED: Localized("Resolvido", "Resolved"),
}

_CUSTOMER_STATUS: Mapping[TicketStatus, CustomerStatus] = {
    TicketStatus.NEW: CustomerStatus.WAITING,
    TicketStatus.OPEN: CustomerStatus.IN_PROGRESS,
    TicketStatus.PENDING: CustomerStatus.AWAITING_YOUR_REPLY,
    TicketStatus.ON_HOLD: CustomerStatus.IN_PROGRESS,
    TicketStatus.RESOLVED: CustomerStatus.RESOLVED,
    TicketStatus.CLOSED: CustomerStatus.RESOLVED,
    TicketStatus.MERGED: CustomerStatus.IN_PROGRESS,
}


def customer_status(
    status: TicketStatus, *, merged_target_status: TicketStatus | None = None
) -> CustomerStatus:
    """The state a customer sees for `status`."""
    if status is TicketStatus.MERGED and merged_target_status is not None:
        return customer_status(merged_target_status)
    return _CUSTOMER_STATUS[status]


@dataclass(frozen=True, slots=True)
class StatusDisplay:
    """What the API sends with every status: its code and both audiences' names."""

    code: TicketStatus
    staff: Localized
    customer: Localized


def status_display(
    status: TicketStatus, *, merged_target_status: TicketStatus | None = None
) -> StatusDisplay:
    shown = customer_status(status, merged_target_status=merged_target_status)
    return StatusDisplay(code=status, staff=STAFF_LABELS[status], customer=CUSTOMER_LABELS[shown])
