"""Small builders shared by the notify domain tests, offered as fixtures."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from notify.domain.contacts import Contact
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.domain.parameters import ParameterValue

EVENT_ID = UUID("6f1c2a9e-3b44-4d7c-9a51-0e2f5b8c7d10")
PROTOCOL = "2024000123"

PARAMETERS: dict[NotificationKind, dict[str, ParameterValue]] = {
    NotificationKind.TICKET_CREATED: {"response_hours": 4, "linked_ticket_number": ""},
    NotificationKind.AGENT_REPLY: {
        "agent_name": "Bruno",
        "reply_text": "Reinicie o roteador.",
        "status": "open",
        "csat_url": "",
        "file_names": "",
    },
    NotificationKind.CUSTOMER_REPLIED: {"requester_name": "Ana Souza", "reply_text": "Reiniciei."},
    NotificationKind.STATUS_CHANGED: {"status": "open"},
    NotificationKind.REPLY_REQUESTED: {"agent_name": "Bruno"},
    NotificationKind.TICKET_RESOLVED: {"csat_url": "https://suporte.example/csat/abc?x=1&y=2"},
    NotificationKind.TICKET_MERGED: {"target_ticket_number": "2024000099"},
    NotificationKind.PENDING_REMINDER: {"business_days": 3},
    NotificationKind.TICKET_ASSIGNED: {"priority": "P1", "requester_name": "Ana Souza"},
    NotificationKind.SLA_WARNING: {
        "target": "first_response",
        "due_at": datetime(2024, 11, 21, 17, 30, tzinfo=UTC),
        "priority": "P1",
    },
    NotificationKind.SLA_BREACHED: {
        "target": "resolution",
        "due_at": datetime(2024, 11, 21, 17, 30, tzinfo=UTC),
        "priority": "P0",
    },
    NotificationKind.SLA_ESCALATED: {
        "target": "resolution",
        "due_at": datetime(2024, 11, 21, 17, 30, tzinfo=UTC),
        "priority": "P0",
        "level": "coordinator",
    },
    NotificationKind.MAGIC_LINK: {
        "sign_in_url": "https://suporte.example/meus-chamados?code=abc",
        "valid_minutes": 15,
    },
    NotificationKind.EMAIL_CODE: {"code": "042917", "valid_minutes": 10},
    NotificationKind.STAFF_SIGN_IN_LINK: {
        "sign_in_url": "https://suporte.example/desk/sign-in/enter?code=abc",
        "valid_minutes": 15,
    },
}


def contact(**changes: Any) -> Contact:
    """A requester reachable on both channels, speaking pt-BR unless told otherwise."""
    fields: dict[str, Any] = {
        "contact_id": "contact-1",
        "name": "Ana Souza",
        "email": "ana@example.com",
        "whatsapp_id": "5511987654321",
        "language": "pt-BR",
    }
    return Contact.model_validate(fields | changes)


def request(
    kind: NotificationKind,
    *,
    recipient: Contact | None = None,
    subject: str = "Impressora não liga",
    **parameters: ParameterValue,
) -> NotificationRequest:
    """A request of ``kind`` with sample parameters, overridden by keyword."""
    return NotificationRequest(
        event_id=EVENT_ID,
        kind=kind,
        ticket_number=PROTOCOL,
        ticket_subject=subject,
        recipients=(recipient or contact(),),
        parameters=PARAMETERS[kind] | parameters,
    )


@pytest.fixture
def make_contact() -> Callable[..., Contact]:
    """Build a contact: ``make_contact(language="en", email=None)``."""
    return contact


@pytest.fixture
def make_request() -> Callable[..., NotificationRequest]:
    """Build a request: ``make_request(NotificationKind.AGENT_REPLY, reply_text="...")``."""
    return request
