"""The requests ticket.* events cause: requester updates and the assignee's notice."""

from __future__ import annotations

from uuid import UUID

from helpdesk_contracts.common import StaffMember, TicketSnapshot
from helpdesk_contracts.events import tickets
from notify.domain.kinds import NotificationKind, kind_for_status_change
from notify.domain.labels import TicketStatus
from notify.domain.notifications import NotificationRequest
from notify.domain.parameters import ParameterValue
from notify.domain.rendering import one_line
from notify.notices import Notice, Wording, requester_contact, staff_contact

_CUSTOMER_VISIBLE = frozenset(status.value for status in TicketStatus)
"""Statuses the customer sees; on_hold, closed and merged are not announced as status changes."""


def _to_requester(
    event_id: UUID, ticket: TicketSnapshot, kind: NotificationKind, **parameters: ParameterValue
) -> Notice:
    request = NotificationRequest(
        event_id=event_id,
        kind=kind,
        ticket_number=str(ticket.number),
        ticket_subject=ticket.subject,
        recipients=(requester_contact(ticket.requester),),
        language=ticket.requester.language,
        parameters=parameters,
    )
    return Notice(request=request, reply_token=ticket.reply_token)


def ticket_notices(event_id: UUID, event: tickets.TicketEvent, wording: Wording) -> list[Notice]:
    """The requests a ticket.* event causes (none for events nobody is told about)."""
    ticket = event.ticket
    agent_name = (ticket.assignee.name if ticket.assignee else None) or wording.team_name
    if isinstance(event, tickets.TicketCreated):
        hours = wording.first_response_hours.get(ticket.priority, 24)
        linked = str(event.linked_to) if event.linked_to else ""
        kind = NotificationKind.TICKET_CREATED
        return [
            _to_requester(event_id, ticket, kind, response_hours=hours, linked_ticket_number=linked)
        ]
    if isinstance(event, tickets.TicketCommentAdded):
        return _comment_notices(event_id, event, wording, agent_name)
    if isinstance(event, tickets.TicketStatusChanged):
        return _status_notices(event_id, event, wording, agent_name)
    if isinstance(event, tickets.TicketMerged):
        target = str(event.target.number)
        kind = NotificationKind.TICKET_MERGED
        return [_to_requester(event_id, ticket, kind, target_ticket_number=target)]
    if isinstance(event, tickets.TicketAssigned):
        return _assignment_notices(event_id, event)
    return []


def _comment_notices(
    event_id: UUID, event: tickets.TicketCommentAdded, wording: Wording, agent_name: str
) -> list[Notice]:
    """A public agent reply goes to the requester, with the status it left the ticket in (one
    e-mail per agent action); a customer's message goes to the ticket's assignee."""
    comment, ticket = event.comment, event.ticket
    if not comment.public or not comment.text.strip():
        return []
    if comment.author.kind == "customer":
        return _customer_message_notices(event_id, event)
    if comment.author.kind != "agent":
        return []
    status = ticket.status if ticket.status in _CUSTOMER_VISIBLE else TicketStatus.OPEN.value
    link = _csat_link(wording, ticket) if status == TicketStatus.RESOLVED.value else ""
    name = comment.author.name or agent_name
    kind = NotificationKind.AGENT_REPLY
    return [
        _to_requester(
            event_id,
            ticket,
            kind,
            agent_name=name,
            reply_text=comment.text,
            status=status,
            csat_url=link,
            file_names="\n".join(one_line(a.filename) for a in comment.attachments),
        )
    ]


OPENING_VERSION = 1
"""A ticket snapshot at this version is the change that opened it (every later change counts up)."""


def _customer_message_notices(event_id: UUID, event: tickets.TicketCommentAdded) -> list[Notice]:
    ticket = event.ticket
    if ticket.assignee is None:
        return []  # the group's queue shows it; nobody in particular to tell
    if ticket.version == OPENING_VERSION:
        return []  # the message that opened the ticket: the assignment notice tells of it
    kind = NotificationKind.CUSTOMER_REPLIED
    return [_to_staff(event_id, ticket, kind, ticket.assignee, reply_text=event.comment.text)]


def _to_staff(
    event_id: UUID,
    ticket: TicketSnapshot,
    kind: NotificationKind,
    member: StaffMember,
    **parameters: ParameterValue,
) -> Notice:
    """A notice to one staff member about `ticket`, naming its requester."""
    requester = ticket.requester
    request = NotificationRequest(
        event_id=event_id,
        kind=kind,
        ticket_number=str(ticket.number),
        ticket_subject=ticket.subject,
        recipients=(staff_contact(member),),
        parameters={
            "requester_name": requester.name or requester.email or requester.contact_id,
            **parameters,
        },
    )
    return Notice(request=request)


def _csat_link(wording: Wording, ticket: TicketSnapshot) -> str:
    return wording.csat_url_template.format(
        ticket_number=ticket.number, reply_token=ticket.reply_token
    )


def _status_notices(
    event_id: UUID, event: tickets.TicketStatusChanged, wording: Wording, agent_name: str
) -> list[Notice]:
    """One notice per change the customer did not cause: a reply already told its new status,
    and a customer's own message (which reopens a pending ticket) needs no e-mail about it."""
    if event.to_status not in _CUSTOMER_VISIBLE or event.to_status == event.from_status:
        return []
    if event.with_reply or (event.actor.kind == "customer" and event.to_status != "resolved"):
        return []
    ticket = event.ticket
    kind = kind_for_status_change(event.to_status)
    if kind is NotificationKind.REPLY_REQUESTED:
        return [_to_requester(event_id, ticket, kind, agent_name=agent_name)]
    if kind is NotificationKind.TICKET_RESOLVED:
        return [_to_requester(event_id, ticket, kind, csat_url=_csat_link(wording, ticket))]
    return [_to_requester(event_id, ticket, kind, status=event.to_status)]


def _assignment_notices(event_id: UUID, event: tickets.TicketAssigned) -> list[Notice]:
    assignee = event.to_assignee
    if assignee is None or (event.actor.kind == "agent" and event.actor.id == assignee.id):
        return []  # unassigned, or agents taking a ticket themselves: nobody to tell
    kind = NotificationKind.TICKET_ASSIGNED
    return [_to_staff(event_id, event.ticket, kind, assignee, priority=event.ticket.priority)]
