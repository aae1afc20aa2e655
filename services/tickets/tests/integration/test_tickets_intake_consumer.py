"""intake.message.received becomes tickets and comments, once, with the ticket.* events."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from helpdesk_contracts.events.intake import MessageReceived
from tests.support.events import publish, publish_event


async def test_new_message_opens_ticket_with_protocol_number_and_events(tickets: Any) -> None:
    sent = await tickets.publish(subject="Não consigo acessar", text="Senha não funciona.")

    record = await tickets.ticket_holding(sent.payload.inbound_id)

    assert record.number >= 100000
    assert record.ticket.status == "new"
    assert record.requester.email == sent.payload.sender.email
    events = await tickets.events_for(record.number, minimum=2)
    assert sorted(e["type"] for e in events) == ["ticket.comment_added", "ticket.created"]
    created = next(e for e in events if e["type"] == "ticket.created")
    assert created["payload"]["inbound_id"] == sent.payload.inbound_id
    assert created["causation_id"] == str(sent.event_id)
    assert created["payload"]["ticket"]["reply_token"] == record.reply_token


async def test_same_event_twice_changes_nothing(tickets: Any) -> None:
    sent = await tickets.publish()
    record = await tickets.ticket_holding(sent.payload.inbound_id)

    await publish_event(tickets.run.infrastructure.amqp_url, tickets.run.namespace, sent)
    follower = await tickets.publish(sender=sent.payload.sender, subject="Outro assunto")
    await tickets.ticket_holding(follower.payload.inbound_id)

    again = await tickets.deps.tickets.get(record.number)
    assert again.ticket.version == record.ticket.version
    assert len(again.ticket.comments) == 1
    events = await tickets.events_for(record.number, minimum=2)
    assert len(events) == 2


async def test_a_message_tickets_gives_up_on_is_reported_back_to_intake(tickets: Any) -> None:
    """Rejected to tickets.dlq, the message is not silent: intake hears the inbound id and why,
    so the customer's submission shows a failure instead of "pending" for ever."""
    inbound_id, event_id = f"webform:{uuid.uuid4().hex}", str(uuid.uuid4())
    unreadable = {
        "event_id": event_id,
        "type": "intake.message.received",
        "version": 1,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": "intake",
        "correlation_id": event_id,
        "payload": {"inbound_id": inbound_id, "channel": "pombo-correio"},
    }
    amqp_url, namespace = tickets.run.infrastructure.amqp_url, tickets.run.namespace
    routing_key = MessageReceived.routing_key()
    await publish(amqp_url, namespace, routing_key, json.dumps(unreadable).encode())

    [failed] = await tickets.failures_for(inbound_id)
    assert failed["producer"] == "tickets"
    assert failed["causation_id"] == event_id
    assert failed["payload"]["reason"].startswith("contract violation")
    assert failed["payload"]["dead_lettered"] is True
