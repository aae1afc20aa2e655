"""Who is told what: the requests events cause, and the people they go to.

Pure translation from contract events to domain requests (ticket events: ticket_notices.py).
Contacts come out with default preferences; the service applies each contact's stored
preferences before planning channels.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from helpdesk_contracts.common import Requester, StaffMember
from helpdesk_contracts.events import sla
from notify.adapters.ticket_memory import TicketFacts
from notify.domain.contacts import Contact, staff_contact_id
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest


@dataclass(frozen=True)
class Wording:
    """Settings the requests need: expected response times, survey link, calendar zone."""

    first_response_hours: Mapping[str, int]
    csat_url_template: str
    time_zone: str
    team_name: str


@dataclass(frozen=True)
class Notice:
    """A request and, for requester mail, the ticket's reply token (Reply-To)."""

    request: NotificationRequest
    reply_token: str | None = None


def requester_contact(requester: Requester) -> Contact:
    return Contact(
        contact_id=requester.contact_id,
        name=requester.name or "",
        email=requester.email,
        whatsapp_id=requester.whatsapp_id or requester.phone,
        language=requester.language,
    )


def staff_contact(member: StaffMember) -> Contact:
    return Contact(
        contact_id=staff_contact_id(member.id),
        name=member.name,
        email=member.email,
        language=member.language,
    )


_SLA_KINDS: Mapping[type[sla.SlaEvent], NotificationKind] = {
    sla.SlaWarning: NotificationKind.SLA_WARNING,
    sla.SlaBreached: NotificationKind.SLA_BREACHED,
    sla.SlaEscalated: NotificationKind.SLA_ESCALATED,
}


def sla_notices(
    event_id: UUID, event: sla.SlaEvent, facts: TicketFacts, occurred_at: datetime, wording: Wording
) -> list[Notice]:
    """Staff named by a warning, breach or escalation; the deadline from memory if not carried."""
    if (
        not isinstance(event, sla.SlaWarning | sla.SlaBreached | sla.SlaEscalated)
        or not event.notify
    ):
        return []
    parameters: dict[str, Any] = {"priority": event.priority, "target": event.target}
    if isinstance(event, sla.SlaEscalated):
        # Escalations do not repeat the deadline: the one remembered from earlier sla events.
        parameters["due_at"] = facts.deadlines.get(event.target) or occurred_at
        parameters["level"] = event.level
    else:
        parameters["due_at"] = event.due_at
    request = NotificationRequest(
        event_id=event_id,
        kind=_SLA_KINDS[type(event)],
        ticket_number=str(event.ticket_number),
        ticket_subject=facts.subject,
        recipients=tuple(staff_contact(member) for member in event.notify),
        parameters=parameters,
        time_zone=wording.time_zone,
    )
    return [Notice(request=request)]
