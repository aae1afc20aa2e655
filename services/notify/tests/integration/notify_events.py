"""Events as the tickets, sla and intake services publish them, for notify's tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta
from typing import Any

from helpdesk_contracts.common import Actor, Person, Requester, StaffMember, TicketSnapshot
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events import intake, sla, tickets

_numbers = itertools.count(2024000101)

AGENT = StaffMember(id="a-7", name="Bruno Lima", email="bruno@acme.com.br", role="agent")
LEADER = StaffMember(id="l-1", name="Carla Dias", email="carla@acme.com.br", role="leader")


def next_ticket_number() -> int:
    return next(_numbers)


def snapshot(
    number: int,
    *,
    email: str | None = "maria@example.com.br",
    whatsapp_id: str | None = None,
    status: str = "new",
    contact_id: str | None = None,
    language: str = "pt-BR",
    **changes: Any,
) -> TicketSnapshot:
    now = datetime.now(UTC)
    requester = Requester(
        contact_id=contact_id or f"contact-{number}",
        name="Maria Silva",
        email=email,
        whatsapp_id=whatsapp_id,
        language=language,
    )
    values: dict[str, Any] = {
        "number": number,
        "subject": "Não consigo acessar minha conta",
        "status": status,
        "priority": "P2",
        "channel": "whatsapp" if whatsapp_id and not email else "email",
        "requester": requester,
        "reply_token": f"tk{number}",
        "created_at": now,
        "updated_at": now,
        "version": 1,
    }
    return TicketSnapshot(**{**values, **changes})


def wrap(payload: Any) -> Envelope[Any]:
    return new_envelope(payload, producer="tests")


def created(ticket: TicketSnapshot) -> Envelope[Any]:
    return wrap(tickets.TicketCreated(ticket=ticket))


def agent_reply(ticket: TicketSnapshot, text: str) -> Envelope[Any]:
    author = Actor(kind="agent", id=AGENT.id, name=AGENT.name)
    comment = tickets.Comment(
        comment_id=f"c-{datetime.now(UTC).timestamp()}",
        author=author,
        public=True,
        text=text,
        channel="email",
        created_at=datetime.now(UTC),
    )
    return wrap(tickets.TicketCommentAdded(ticket=ticket, comment=comment, actor=author))


def status_changed(ticket: TicketSnapshot, to_status: str) -> Envelope[Any]:
    moved = ticket.model_copy(update={"status": to_status, "assignee": AGENT})
    return wrap(
        tickets.TicketStatusChanged(
            ticket=moved,
            from_status=ticket.status,
            to_status=to_status,
        )
    )


def sla_breached(number: int, *, staff: tuple[StaffMember, ...]) -> Envelope[Any]:
    due = datetime.now(UTC) - timedelta(minutes=5)
    return wrap(
        sla.SlaBreached(
            ticket_number=number,
            priority="P1",
            calendar="default",
            target="first_response",
            due_at=due,
            notify=staff,
        )
    )


def sla_escalated(
    number: int, *, level: sla.EscalationLevel, staff: tuple[StaffMember, ...]
) -> Envelope[Any]:
    """A rung of the ladder as sla tells it: the roles and the people holding them."""
    return wrap(
        sla.SlaEscalated(
            ticket_number=number,
            priority="P1",
            calendar="default",
            target="resolution",
            level=level,
            notify_roles=("agent", level),
            notify=staff,
        )
    )


def whatsapp_received(number: str) -> Envelope[Any]:
    return wrap(
        intake.MessageReceived(
            inbound_id=f"wa-{number}-{datetime.now(UTC).timestamp()}",
            channel="whatsapp",
            received_at=datetime.now(UTC),
            sender=Person(name="Maria Silva", whatsapp_id=number, phone=f"+{number}"),
            text="Oi, alguma novidade?",
        )
    )


def delivery_status(wamid: str, status: str, reference: str | None = None) -> Envelope[Any]:
    return wrap(
        intake.DeliveryStatus(
            channel="whatsapp",
            provider_message_id=wamid,
            callback_reference=reference,
            status=status,
            reported_at=datetime.now(UTC),
        )
    )
