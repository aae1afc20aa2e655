"""What a user could see after the chaos, counted: where each accepted message ended, which
ticket.* events were published, which e-mails and WhatsApp messages left, what the dead-letter
queues hold. `Audit.problems()` lists every loss or visible duplicate (empty when all is well)."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import aio_pika
from pymongo import AsyncMongoClient

from cluster_tests.inbound_load import Inbound
from cluster_tests.replicas import SERVICES, ReplicatedSystem
from helpdesk_contracts.topology import EVENTS_EXCHANGE, Namespace, dead_letter_queue
from helpdesk_runtime.broker_nodes import connect_to_any_node
from helpdesk_runtime.outbox import PENDING_FIELD

MARKER = re.compile(r"chaos-[0-9a-f]{12}")
Document = dict[str, Any]


@dataclass
class Audit:
    tickets_by_marker: dict[str, set[int]] = field(default_factory=dict)
    comments_by_marker: Counter[str] = field(default_factory=Counter)
    pending_outbox: int = 0
    events: dict[str, Document] = field(default_factory=dict)  # distinct, by event_id
    copies: int = 0  # the same event_id received again (absorbed by the consumers' inbox)
    tickets: dict[int, Document] = field(default_factory=dict)
    mails: Counter[tuple[str, str]] = field(default_factory=Counter)
    whatsapp: Counter[str] = field(default_factory=Counter)
    dead_letters: dict[str, int] = field(default_factory=dict)

    def problems(self, accepted: list[Inbound]) -> list[str]:
        """Every loss, visible duplicate and dead letter."""
        dead = [f"DLQ {name}: {count}" for name, count in self.dead_letters.items() if count]
        return self.missing(accepted) + self.duplicated() + dead

    def missing(self, accepted: list[Inbound]) -> list[str]:
        """What is not there (yet): waited for until the system has caught up."""
        lost = [m.marker for m in accepted if m.marker not in self.tickets_by_marker]
        found = [f"{len(lost)} accepted messages on no ticket: {lost[:5]}"] if lost else []
        if self.pending_outbox:
            found.append(f"{self.pending_outbox} documents still hold unpublished events")
        created, comments = self._announced()
        for number, ticket in self.tickets.items():
            if number not in created:
                found.append(f"ticket {number}: its ticket.created was never published")
            found += [
                f"comment {c['id']}: its ticket.comment_added was never published"
                for c in ticket.get("comments", [])
                if c["id"] not in comments
            ]
        for event in self.events.values():
            if event["type"] == "ticket.created":
                found.extend(self._notice_missing(event["payload"]["ticket"]))
        return found

    def duplicated(self) -> list[str]:
        """What a user would see twice: a message on two tickets or comments, a second distinct
        event for one effect, a second e-mail or WhatsApp message."""
        found = [
            f"{marker} on tickets {sorted(numbers)} in {self.comments_by_marker[marker]} comments"
            for marker, numbers in self.tickets_by_marker.items()
            if len(numbers) > 1 or self.comments_by_marker[marker] > 1
        ]
        created, comments = self._announced()
        found += [f"ticket {n}: {c} ticket.created events" for n, c in created.items() if c > 1]
        found += [f"comment {i}: {c} comment events" for i, c in comments.items() if c > 1]
        found += [
            f"e-mail {k} of ticket {n}: {c} sent" for (n, k), c in self.mails.items() if c > 1
        ]
        found += [f"WhatsApp to {to}: {c} sent" for to, c in self.whatsapp.items() if c > 1]
        return found

    def _announced(self) -> tuple[Counter[int], Counter[str]]:
        """Distinct events per ticket created and per comment added."""
        events = self.events.values()
        created = Counter(
            e["payload"]["ticket"]["number"] for e in events if e["type"] == "ticket.created"
        )
        comments = Counter(
            e["payload"]["comment"]["comment_id"]
            for e in events
            if e["type"] == "ticket.comment_added"
        )
        return created, comments

    def _notice_missing(self, ticket: Document) -> list[str]:
        number, requester = ticket["number"], ticket["requester"]
        if requester.get("email"):
            sent = (str(number), "ticket_created") in self.mails
            return [] if sent else [f"ticket {number}: no ticket_created e-mail"]
        sent = requester.get("whatsapp_id") in self.whatsapp
        return [] if sent else [f"ticket {number}: no WhatsApp message"]

    def summary(self) -> str:
        kinds = Counter(e["type"] for e in self.events.values())
        return (
            f"tickets {len(self.tickets)}, messages on tickets {len(self.tickets_by_marker)}; "
            f"events {dict(kinds)} (+{self.copies} redelivered copies of the same event_id); "
            f"e-mails {sum(self.mails.values())}, WhatsApp {sum(self.whatsapp.values())}; "
            f"DLQs {sum(self.dead_letters.values())}"
        )


async def take_audit(system: ReplicatedSystem, spy: str, audit: Audit) -> Audit:
    """Refresh `audit` (events accumulate across calls: the spy queue is drained each time)."""
    run = system.run
    client: AsyncMongoClient[Document] = AsyncMongoClient(system.database.url)
    try:
        database = client[f"{run.database}_tickets"]
        audit.tickets = {t["number"]: t async for t in database["tickets"].find({}, {"history": 0})}
        audit.tickets_by_marker, audit.comments_by_marker = {}, Counter()
        for number, ticket in audit.tickets.items():
            for comment in ticket.get("comments", []):
                for marker in set(MARKER.findall(comment.get("body", ""))):
                    audit.tickets_by_marker.setdefault(marker, set()).add(number)
                    audit.comments_by_marker[marker] += 1
        audit.pending_outbox = 0
        for service in SERVICES:
            db = client[run.settings().database_name(service)]
            for name in await db.list_collection_names():
                audit.pending_outbox += await db[name].count_documents({PENDING_FIELD: True})
    finally:
        await client.close()
    await _take_events(system, spy, audit)
    audit.mails = Counter(
        (str(m["X-Helpdesk-Ticket"]), str(m["X-Helpdesk-Notification"]))
        for m in list(system.relay.relay.messages)
    )
    audit.whatsapp = Counter(
        r["body"]["to"] for r in list(system.cloud_api.record.requests) if r["ok"]
    )
    return audit


async def _take_events(system: ReplicatedSystem, spy: str, audit: Audit) -> None:
    names = Namespace(system.run.namespace)
    connection = await connect_to_any_node(system.run.infrastructure.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(spy)
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            event = json.loads(message.body)
            if event["event_id"] in audit.events:
                audit.copies += 1
            audit.events[event["event_id"]] = event
        for service in SERVICES:
            name = names.name(dead_letter_queue(service))
            declared = await channel.declare_queue(name, passive=True)
            audit.dead_letters[service] = declared.declaration_result.message_count or 0


async def declare_spy(system: ReplicatedSystem) -> str:
    """A quorum queue (it survives the loss of a node) copying every ticket.* event."""
    run = system.run
    name = f"{run.namespace}spy.chaos"
    connection = await connect_to_any_node(run.infrastructure.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel()
        exchange = await channel.declare_exchange(
            run.namespace + EVENTS_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True
        )
        queue = await channel.declare_queue(
            name, durable=True, arguments={"x-queue-type": "quorum"}
        )
        await queue.bind(exchange, routing_key="ticket.#")
    return name


def group_by_kind(messages: list[Inbound]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for message in messages:
        counts[message.kind] += 1
    return dict(counts)
