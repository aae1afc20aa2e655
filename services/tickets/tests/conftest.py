"""Builders shared by the tickets domain tests: tickets are made through the domain itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from tickets.domain.model import Channel, Ticket
from tickets.domain.opening import InboundMessage, open_ticket
from tickets.domain.status import TicketStatus

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)

MessageFactory = Callable[..., InboundMessage]
TicketFactory = Callable[..., Ticket]


@pytest.fixture
def t0() -> datetime:
    return T0


@pytest.fixture
def message() -> MessageFactory:
    def make(**overrides: Any) -> InboundMessage:
        fields: dict[str, Any] = {
            "sender_id": "contact-ana",
            "channel": Channel.EMAIL,
            "subject": "Boleto não chegou",
            "text": "Olá, o boleto de março não chegou.",
            "received_at": T0,
        }
        fields.update(overrides)
        return InboundMessage(**fields)

    return make


@pytest.fixture
def ticket(message: MessageFactory) -> TicketFactory:
    """A ticket opened from a message, then put in `status` directly (as if stored so)."""

    def make(
        *,
        number: int = 100000,
        status: TicketStatus = TicketStatus.NEW,
        created_at: datetime = T0,
        **fields: Any,
    ) -> Ticket:
        sender = fields.pop("requester_id", "contact-ana")
        opened = open_ticket(
            message(sender_id=sender, received_at=created_at), number=number, now=created_at
        ).ticket
        if status is TicketStatus.RESOLVED:
            fields.setdefault("resolved_at", created_at)
        if status is TicketStatus.CLOSED:
            fields.setdefault("resolved_at", created_at)
            fields.setdefault("closed_at", created_at)
        if status is TicketStatus.MERGED:
            fields.setdefault("merged_into", number + 1)
        return opened.model_copy(update={"status": status, **fields})

    return make
