"""intake.message.received becomes tickets and comments, once, with the ticket.* events."""

from __future__ import annotations

from typing import Any

from tests.support.events import publish_event


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
