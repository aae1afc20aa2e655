"""What one inbound message costs the database: every round trip is a write or a read the
guarantees need (the sender's lease, the contact, the protocol number, the ticket with its
events), nothing read back that a write already told, nothing written twice.

The tickets service in the test's event loop applies the message directly; its stores are
rebuilt on a client of their own that counts the commands it sends, by command and collection.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from pymongo import AsyncMongoClient, monitoring

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.intake import FormDetails, MessageReceived
from helpdesk_runtime.key_leases import KeyLeases
from tickets.adapters.contact_store import ContactStore
from tickets.adapters.organization_store import OrganizationStore
from tickets.adapters.staff_store import StaffStore
from tickets.adapters.ticket_store import TicketStore
from tickets.intake_handler import receive_message
from tickets.service import Dependencies


class CommandsSent(monitoring.CommandListener):
    def __init__(self) -> None:
        self.sent: Counter[str] = Counter()

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        if event.command_name != "endSessions":  # the test's client closing
            self.sent[f"{event.command_name} {event.command[event.command_name]}"] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass


def _web_form(email: str, subject: str) -> MessageReceived:
    return MessageReceived(
        inbound_id=f"in-{uuid.uuid4().hex}",
        channel="webform",
        received_at=datetime.now(UTC),
        sender=Person(name="Ana Lima", email=email, phone="(11) 98765-4321"),
        subject=subject,
        text="Preciso da segunda via do boleto.",
        form=FormDetails(category="financeiro", subcategory="boleto"),
        language="en",
    )


async def _counted(tickets: Any, event: MessageReceived) -> Counter[str]:
    listener = CommandsSent()
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(
        tickets.run.infrastructure.mongo_url, tz_aware=True, event_listeners=[listener]
    )
    try:
        deps: Dependencies = tickets.deps
        db = client[deps.settings.database_name("tickets")]
        counted = replace(
            deps,
            tickets=TicketStore(db, deps.settings.closing_policy),
            contacts=ContactStore(db),
            staff=StaffStore(db),
            organizations=OrganizationStore(db),
            requester_leases=KeyLeases(db["requester_leases"], lease=timedelta(seconds=30)),
        )
        await receive_message(counted, new_envelope(event, producer="intake"))
    finally:
        await client.close()
    return listener.sent


async def test_new_web_form_sender_costs_one_command_per_thing_stored(tickets: Any) -> None:
    email = f"ana.{uuid.uuid4().hex[:8]}@example.com.br"

    sent = await _counted(tickets, _web_form(email, "Segunda via"))

    assert sent == {
        "update requester_leases": 1,  # the sender's lease, taken
        "aggregate contact_identities": 1,  # a contact with this address? (joined to it)
        "insert contact_identities": 1,  # the address claimed for a new contact
        "update contacts": 1,  # the contact, with its language and typed phone
        "findAndModify counters": 1,  # the protocol number
        "insert tickets": 1,  # the ticket with its events
        "delete requester_leases": 1,  # the lease, given back
    }
    contact = await tickets.deps.contacts.find_by_email(email)
    assert contact.language == "en"
    assert contact.phones == ("+5511987654321",)


async def test_known_senders_message_is_checked_once_for_copies_and_duplicates(
    tickets: Any,
) -> None:
    email = f"bia.{uuid.uuid4().hex[:8]}@example.com.br"
    await _counted(tickets, _web_form(email, "Segunda via"))

    sent = await _counted(tickets, _web_form(email, "Outro boleto"))

    assert sent == {
        "update requester_leases": 1,
        "aggregate contact_identities": 1,  # the contact, in one round trip
        "find tickets": 2,  # this message already applied? a duplicate of an open ticket?
        "findAndModify counters": 1,
        "insert tickets": 1,
        "delete requester_leases": 1,
    }
