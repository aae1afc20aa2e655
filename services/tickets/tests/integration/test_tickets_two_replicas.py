"""Two tickets replicas on one queue: a sender's messages are applied one at a time (threads and
the duplicate guard hold), different senders' messages at the same time, and round-robin turns
are not handed out twice."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from helpdesk_contracts.common import Person, Requester
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.intake import MessageReceived, ThreadingHints
from helpdesk_runtime.key_leases import KeyLeases
from helpdesk_runtime.service import ServiceRuntime
from tests.support.events import publish_events
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async
from tickets.adapters.records import TicketRecord
from tickets.app import dependencies_for
from tickets.consumers import register_consumers
from tickets.contract_events import Cause
from tickets.domain.agents import AgentRole
from tickets.domain.model import Channel
from tickets.domain.opening import InboundMessage
from tickets.service import Dependencies, open_new_ticket
from tickets.settings import TicketsSettings

SENDERS = 12


class WatchedLeases(KeyLeases):
    """The real leases, counting who holds which key at once (per replica and per key)."""

    def __init__(self, leases: KeyLeases, watch: LeaseWatch, replica: int) -> None:
        self.__dict__.update(leases.__dict__)
        self._watch, self._replica = watch, replica

    @asynccontextmanager
    async def hold(self, key: str) -> AsyncIterator[None]:
        async with super().hold(key):
            self._watch.enter(key, self._replica)
            try:
                yield
            finally:
                self._watch.leave(key, self._replica)


class LeaseWatch:
    def __init__(self) -> None:
        self.by_key: Counter[str] = Counter()
        self.by_replica: Counter[int] = Counter()
        self.most_by_key = 0
        self.most_by_replica: Counter[int] = Counter()

    def enter(self, key: str, replica: int) -> None:
        self.by_key[key] += 1
        self.by_replica[replica] += 1
        self.most_by_key = max(self.most_by_key, self.by_key[key])
        most = max(self.most_by_replica[replica], self.by_replica[replica])
        self.most_by_replica[replica] = most

    def leave(self, key: str, replica: int) -> None:
        self.by_key[key] -= 1
        self.by_replica[replica] -= 1


@pytest.fixture(scope="module")
async def replicas(infrastructure: Infrastructure) -> AsyncIterator[tuple[list[Any], LeaseWatch]]:
    """Two tickets runtimes consuming one queue of an isolated run, their leases watched."""
    run = IsolatedRun(infrastructure)
    settings = TicketsSettings(**run.settings().model_dump())
    watch = LeaseWatch()
    runtimes, all_deps = [], []
    for replica in range(2):
        runtime = ServiceRuntime(service="tickets", settings=settings)
        deps = dependencies_for(runtime, settings)
        deps = replace(deps, requester_leases=WatchedLeases(deps.requester_leases, watch, replica))
        register_consumers(runtime, deps)
        await runtime.start()
        runtimes.append(runtime)
        all_deps.append(deps)
    for runtime in runtimes:

        async def started(runtime: ServiceRuntime = runtime) -> bool:
            return runtime.started

        await eventually_async(started, timeout=120, what="tickets replica started")
    yield [run, all_deps], watch
    for runtime in runtimes:
        await runtime.stop()
    await run.clean_up()


def _message(sender: Person, **fields: Any) -> Envelope[MessageReceived]:
    values: dict[str, Any] = {
        "inbound_id": f"in-{uuid.uuid4().hex}",
        "channel": "email",
        "received_at": datetime.now(UTC),
        "sender": sender,
        "subject": f"Boleto de {sender.name} não chegou",
        "text": "O boleto de março não chegou.",
        **fields,
    }
    return new_envelope(MessageReceived(**values), producer="intake")


async def _holding(deps: Dependencies, inbound_id: str, comments: int) -> TicketRecord:
    async def stored() -> TicketRecord | None:
        found = await deps.tickets.holding_source(inbound_id)
        return found if found and len(found.ticket.comments) >= comments else None

    return await eventually_async(stored, timeout=60, what=f"ticket of {inbound_id}")


async def test_two_replicas_thread_each_senders_messages_and_guard_duplicates_in_parallel(
    replicas: tuple[list[Any], LeaseWatch],
) -> None:
    (run, (deps, _)), watch = replicas
    senders = [
        Person(name=f"Cliente {n}", email=f"c{n}.{uuid.uuid4().hex[:6]}@example.com.br")
        for n in range(SENDERS)
    ]
    firsts = [
        _message(s, threading=ThreadingHints(message_id=f"<{uuid.uuid4().hex}@mail.example>"))
        for s in senders
    ]
    # each sender's message, a copy of that same event and the same text sent again, all at once
    resent = [_message(s) for s in senders]
    await publish_events(run.infrastructure.amqp_url, run.namespace, [*firsts, *firsts, *resent])
    opened = [await _holding(deps, first.payload.inbound_id, 2) for first in firsts]
    # then every sender's two replies at once: by Message-ID and by the ticket's reply token
    by_id = [
        _message(
            s,
            text=f"Resposta {n}",
            threading=ThreadingHints(in_reply_to=f.payload.threading.message_id),
        )
        for n, (s, f) in enumerate(zip(senders, firsts, strict=True))
    ]
    by_token = [
        _message(s, text=f"Comprovante {n}", threading=ThreadingHints(reply_token=o.reply_token))
        for n, (s, o) in enumerate(zip(senders, opened, strict=True))
    ]
    await publish_events(run.infrastructure.amqp_url, run.namespace, [*by_id, *by_token])

    for n, ticket in enumerate(opened):
        final = await _holding(deps, by_token[n].payload.inbound_id, 4)
        assert final.number == ticket.number
        assert (await deps.tickets.holding_source(by_id[n].payload.inbound_id)) is not None
        sources = [c.source_event_id for c in final.ticket.comments]
        assert len(sources) == len(set(sources)) == 4  # the copy of the first added nothing
        assert resent[n].payload.inbound_id in sources  # joined as a duplicate, not a new ticket
    numbers = {t.number for t in opened}
    assert len(numbers) == SENDERS
    inbox = deps.tickets.collection.database["inbox"]
    assert await inbox.count_documents({"_id": {"$regex": "^tickets.intake-messages:"}}) == 0
    assert watch.most_by_key == 1  # one sender's messages never applied at the same time
    assert min(watch.most_by_replica[r] for r in (0, 1)) >= 2  # different senders' together


async def test_tickets_opened_at_once_take_round_robin_turns(
    replicas: tuple[list[Any], LeaseWatch],
) -> None:
    (_, all_deps), _ = replicas
    group = f"rr{uuid.uuid4().hex[:6]}"
    await all_deps[0].staff.add_group(group_id=group, name="Suporte N1", round_robin=True)
    for name in ("Ana", "Bia", "Caio"):
        await all_deps[0].staff.add_agent(name=name, role=AgentRole.AGENT, group_ids=(group,))
    requester = Requester(contact_id="c-joana", name="Joana", email="joana@example.com.br")

    async def open_one(n: int) -> TicketRecord:
        now = datetime.now(UTC)
        call = InboundMessage(
            sender_id="c-joana", channel=Channel.PHONE, text=f"Ligação {n}", received_at=now
        )
        return await open_new_ticket(
            all_deps[n % 2], call, requester=requester, now=now, cause=Cause(), group_id=group
        )

    opened = await asyncio.gather(*(open_one(n) for n in range(6)))

    assert sorted(Counter(r.ticket.assignee_id for r in opened).values()) == [2, 2, 2]
