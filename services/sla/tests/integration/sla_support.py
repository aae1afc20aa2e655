"""What the sla process tests share: service processes on a fast clock, ticket events, a spy."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import aio_pika
import httpx
from pymongo import AsyncMongoClient

from helpdesk_calendar.service_clock import ServiceClock
from helpdesk_contracts.common import (
    Actor,
    ActorKind,
    Priority,
    Requester,
    StaffMember,
    TicketSnapshot,
    TicketStatus,
)
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events import tickets
from tests.support.amqp import declare_spy_queue
from tests.support.events import publish_event
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, eventually_async
from tests.support.staff import StaffOnDuty, announce_staff, staff_member

SLA_ADMIN = staff_member("Sofia Configuração", role="admin")
AGENT = staff_member("Bruna Atendente", role="agent")
ASSIGNEE = StaffMember(id="a-1", name="Ana Atendente", email="ana@example.com.br")
GROUP = "g-financeiro"
LEADER = staff_member("Lia Líder", "leader", (GROUP,), "lia@example.com.br")
"""The leader of the tickets' GROUP in the staff directory, once a test announces them."""
Document = dict[str, Any]


def fast_config(path: Path) -> Path:
    """Round-the-clock calendar: P0-P2 answer in 2 minutes and resolve in 4, with a 1-minute
    ladder; P3 answers in an hour and resolves in two (for tests acting before a deadline)."""
    every_day = {
        day: ["00:00-24:00"]
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    }
    targets = {"calendar": "fast", "first_response_minutes": 2, "next_response_minutes": 2}
    config = {
        "calendars": {"fast": {"opening_hours": every_day, "holidays": None}},
        "policies": {
            **{p: {**targets, "resolution_minutes": 4} for p in ("P0", "P1", "P2")},
            "P3": {**targets, "first_response_minutes": 60, "next_response_minutes": 60}
            | {"resolution_minutes": 120},
        },
        "warning_fractions": [0.5],
        "escalation_ladder": [
            {"level": "agent", "after_breach_minutes": 0, "notify": ["agent"]},
            {"level": "leader", "after_breach_minutes": 1, "notify": ["agent", "leader"]},
            {"level": "coordinator", "after_breach_minutes": 2, "notify": ["coordinator"]},
            {"level": "manager", "after_breach_minutes": 3, "notify": ["manager"]},
        ],
    }
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


def sla_process(run: IsolatedRun, log_dir: Path, **settings: str) -> ServiceProcess:
    environment = run.environment(HELPDESK_LOG_LEVEL="WARNING", **settings)
    return ServiceProcess("sla", environment, log_dir)


def start_ready(process: ServiceProcess) -> ServiceProcess:
    process.start()
    eventually(lambda: process.ready_status() == 200, timeout=90, what="sla ready")
    return process


def fast_clock_settings(clock: ServiceClock, config: Path) -> dict[str, str]:
    return {
        "HELPDESK_CONFIG_PATH": str(config),
        "HELPDESK_CLOCK_SPEED": str(clock.speed),
        "HELPDESK_CLOCK_EPOCH": clock.epoch.isoformat(),
        "HELPDESK_DETECTION_MAX_WAIT_S": "1",
        "HELPDESK_LEASE_S": "3",
    }


@dataclass
class Ticket:
    """A ticket as the tickets service would report it, event after event."""

    number: int
    created_at: datetime
    priority: Priority = "P2"
    status: TicketStatus = "new"
    version: int = 1
    assignee: StaffMember | None = ASSIGNEE
    category: str | None = None
    group: str | None = None

    def snapshot(self, at: datetime) -> TicketSnapshot:
        return TicketSnapshot(
            number=self.number,
            subject="Boleto não chegou",
            status=self.status,
            priority=self.priority,
            channel="email",
            requester=Requester(contact_id="c-1", name="Maria", email="maria@example.com.br"),
            assignee=self.assignee,
            category=self.category,
            group=self.group,
            reply_token="tok",
            created_at=self.created_at,
            updated_at=at,
            version=self.version,
        )

    def created(self) -> Envelope[Any]:
        event = tickets.TicketCreated(ticket=self.snapshot(self.created_at))
        return new_envelope(event, producer="tickets", occurred_at=self.created_at)

    def status_changed(self, to: TicketStatus, at: datetime) -> Envelope[Any]:
        before, self.status, self.version = self.status, to, self.version + 1
        event = tickets.TicketStatusChanged(
            ticket=self.snapshot(at),
            from_status=before,
            to_status=to,
        )
        return new_envelope(event, producer="tickets", occurred_at=at)

    def priority_changed(self, to: Priority, at: datetime) -> Envelope[Any]:
        before, self.priority, self.version = self.priority, to, self.version + 1
        event = tickets.TicketPriorityChanged(
            ticket=self.snapshot(at),
            from_priority=before,
            to_priority=to,
        )
        return new_envelope(event, producer="tickets", occurred_at=at)

    def category_changed(self, to: str | None, at: datetime) -> Envelope[Any]:
        """What tickets publishes when an agent reclassifies the ticket."""
        before, self.category, self.version = self.category, to, self.version + 1
        change = tickets.FieldChange(field="category", old=before, new=to)
        event = tickets.TicketUpdated(ticket=self.snapshot(at), changes=(change,))
        return new_envelope(event, producer="tickets", occurred_at=at)

    def commented(self, kind: ActorKind, at: datetime, *, public: bool = True) -> Envelope[Any]:
        self.version += 1
        comment = tickets.Comment(
            comment_id=f"cm-{self.version}",
            author=Actor(kind=kind),
            public=public,
            text="Olá",
            created_at=at,
        )
        event = tickets.TicketCommentAdded(ticket=self.snapshot(at), comment=comment)
        return new_envelope(event, producer="tickets", occurred_at=at)


async def publish(run: IsolatedRun, envelope: Envelope[Any]) -> None:
    await publish_event(run.infrastructure.amqp_url, run.namespace, envelope)


@dataclass
class SlaSpy:
    """A queue of the test's own bound to sla.*: every event the service published."""

    run: IsolatedRun
    name: str
    seen: list[Document] = field(default_factory=list)

    @classmethod
    async def declare(cls, run: IsolatedRun, purpose: str) -> SlaSpy:
        name = await declare_spy_queue(run, purpose, "sla.#")
        return cls(run, name)

    async def take(self) -> list[Document]:
        """Everything that arrived since the last call, added to `seen`."""
        connection = await aio_pika.connect(self.run.infrastructure.amqp_url, timeout=10)
        async with connection:
            queue = await (await connection.channel()).get_queue(self.name)
            while (message := await queue.get(no_ack=True, fail=False)) is not None:
                self.seen.append(json.loads(message.body))
        return self.seen

    async def delete(self) -> None:
        connection = await aio_pika.connect(self.run.infrastructure.amqp_url, timeout=10)
        async with connection:
            await (await connection.channel()).queue_delete(self.name)

    def distinct(self) -> list[Document]:
        """What was seen, each event once: the relay publishes at least once, and a consumer
        skips a copy it already applied by its event_id."""
        return list({event["event_id"]: event for event in self.seen}.values())

    def steps(self, number: int) -> Counter[tuple[str, ...]]:
        """How many distinct events told each warning, breach and escalation step of a ticket."""
        counted: Counter[tuple[str, ...]] = Counter()
        for event in self.distinct():
            payload = event["payload"]
            if payload["ticket_number"] != number or event["type"] == "sla.clock_updated":
                continue
            step = payload.get("level") or str(payload.get("fraction", ""))
            counted[(event["type"], payload["target"], step)] += 1
        return counted

    def of(self, number: int, event_type: str) -> list[Document]:
        return [
            event["payload"]
            for event in self.seen
            if event["type"] == event_type and event["payload"]["ticket_number"] == number
        ]


async def settled(run: IsolatedRun, numbers: list[int]) -> bool:
    """Every clock has nothing left to tell and no event waiting to be published."""
    client: AsyncMongoClient[Document] = AsyncMongoClient(run.infrastructure.mongo_url)
    try:
        clocks = client[f"{run.database}_sla"]["clocks"]
        done = 0
        async for document in clocks.find({"_id": {"$in": numbers}}):
            if document.get("next_deadline") is None and not document.get("outbox"):
                done += 1
        return done == len(numbers)
    finally:
        await client.close()


async def announce_to_sla(run: IsolatedRun, *members: StaffOnDuty) -> None:
    """Announce `members` as tickets does and wait until sla's copy of the directory has them."""
    await announce_staff(run.infrastructure.amqp_url, run.namespace, *members)
    ids = [member.agent_id for member in members]

    async def known() -> bool:
        client: AsyncMongoClient[Document] = AsyncMongoClient(run.infrastructure.mongo_url)
        try:
            directory = client[f"{run.database}_sla"]["staff_directory"]
            return await directory.count_documents({"_id": {"$in": ids}}) == len(ids)
        finally:
            await client.close()

    await eventually_async(known, what="sla's copy of the staff directory")


def sla_client(process: ServiceProcess, member: StaffOnDuty) -> httpx.AsyncClient:
    """A client of the sla API calling as `member` (announce them to sla first)."""
    return httpx.AsyncClient(base_url=process.url, headers=member.bearer, timeout=10)


async def shown(api: httpx.AsyncClient, number: int) -> Document | None:
    """The ticket's SLA as GET /v1/tickets/{number}/sla shows it, None while it has none."""
    response = await api.get(f"/v1/tickets/{number}/sla")
    if response.status_code == 404:
        return None
    response.raise_for_status()
    body: Document = response.json()
    return body


def plus(moment: datetime, minutes: float) -> datetime:
    return moment + timedelta(minutes=minutes)
