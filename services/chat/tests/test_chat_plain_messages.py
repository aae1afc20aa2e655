"""Plain messages across two replicas: one insert each, every seq once, the history in order.

Two chat services run in the test's event loop as two replicas would (each its own client,
its own copies, its own relay queue on the real broker), on the real database; the customer
writes through one, the agent through the other.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from chat.adapters.agent_roster import AgentRoster
from chat.adapters.attachment_store import AttachmentStore
from chat.adapters.conversation_store import ConversationStore
from chat.adapters.relay import RELAY_EXCHANGE, ChatRelay, session_key
from chat.adapters.support_calendar import SupportCalendar
from chat.adapters.ticket_directory import TicketDirectory
from chat.agent_service import accept, agent_says
from chat.conversation_record import Routing
from chat.customer_service import customer_says, resume_session, start_session
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.customer_input import CustomerText
from chat.domain.language import Language
from chat.domain.transcript import AuthorKind
from chat.service import ChatService
from chat.settings import AgentIdentity, ChatSettings
from chat.steps import ChatContext
from helpdesk_runtime.database import Document
from tests.support.database_commands import DatabaseCommands
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async

CARLA = AgentIdentity(id="carla", name="Carla")


def _now() -> datetime:
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


@dataclass
class Replica:
    service: ChatService
    attachments: AttachmentStore
    commands: DatabaseCommands
    client: AsyncMongoClient[Document]

    async def customer(self, session_id: str, text: str, client_id: str | None = None) -> int:
        return await customer_says(
            self.service,
            self.attachments,
            session_id=session_id,
            customer_input=CustomerText(text=text),
            client_message_id=client_id,
        )


async def _replica(run: IsolatedRun, profile: AssistantProfile) -> Replica:
    commands = DatabaseCommands()
    client: AsyncMongoClient[Document] = AsyncMongoClient(
        run.infrastructure.mongo_url, tz_aware=True, event_listeners=[commands]
    )
    database = client[run.database]
    settings = ChatSettings(**{**run.settings().model_dump(), "calendar_name": "24x7"})
    store = ConversationStore(database)
    await store.ensure_indexes()
    roster = AgentRoster(database, ttl=timedelta(seconds=60))
    await roster.ensure_indexes()
    context = ChatContext(
        profile=profile,
        store=store,
        tickets=TicketDirectory(database),
        roster=roster,
        calendar=SupportCalendar.from_file(settings.calendar_file, settings.calendar_name),
        settings=settings,
        clock=_now,
    )
    relay = ChatRelay(settings.amqp_url, settings.names.name(RELAY_EXCHANGE))
    service = ChatService(context, relay, lambda: None)

    async def on_relay(_key: str, body: dict[str, Any]) -> None:
        if body.get("kind") == "messages":
            service.remember_relayed(body)

    await relay.start(on_relay)
    return Replica(service, AttachmentStore(database), commands, client)


@pytest.fixture
async def replicas(
    isolated_run: IsolatedRun, profile: AssistantProfile
) -> AsyncIterator[tuple[Replica, Replica]]:
    pair = (await _replica(isolated_run, profile), await _replica(isolated_run, profile))
    yield pair
    for replica in pair:
        await replica.service.relay.stop()
        await replica.client.close()


async def _with_carla(customers: Replica, agents: Replica) -> tuple[str, str]:
    """A conversation the customer started on one replica and Carla accepted on the other:
    its id and the customer's token."""
    started = await start_session(
        customers.service, language=Language.PT_BR, name="Ana", email="ana@exemplo.com.br"
    )
    session_id = started.record.id
    for replica in (customers, agents):
        await replica.service.relay.bind(session_key(session_id))
    roster = customers.service.context.roster
    await roster.set_presence(CARLA, "online", _now())
    await customers.customer(session_id, "atendente")
    await accept(agents.service, CARLA, session_id)

    async def customers_see_carla() -> bool:
        record = customers.service.recent.get(session_id)
        return record is not None and record.routing is Routing.WITH_AGENT

    await eventually_async(customers_see_carla, what="the accept relayed")
    return session_id, started.token


async def _history(replica: Replica, session_id: str) -> list[tuple[int, str]]:
    stored = await replica.service.context.store.messages(session_id)
    return [(message.seq, message.text) for message in stored]


async def test_a_plain_message_to_a_conversation_with_an_agent_is_one_insert(
    replicas: tuple[Replica, Replica],
) -> None:
    customers, agents = replicas
    session_id, _ = await _with_carla(customers, agents)

    customers.commands.by_kind.clear()
    seq = await customers.customer(session_id, "Meu boleto venceu", client_id="m-1")
    assert dict(customers.commands.by_kind) == {"insert chat_messages": 1}

    async def agent_sees_it() -> bool:  # the agent answers what their screen shows
        return agents.service.recent.last_seq(session_id) == seq

    await eventually_async(agent_sees_it, what="the message relayed")
    agents.commands.by_kind.clear()
    reply = await agent_says(agents.service, CARLA, session_id, "Vou gerar outro")
    assert dict(agents.commands.by_kind) == {"insert chat_messages": 1}

    assert reply == seq + 1
    history = await _history(customers, session_id)
    assert history[-2:] == [(seq, "Meu boleto venceu"), (seq + 1, "Vou gerar outro")]


async def test_both_sides_writing_at_once_on_two_replicas_get_every_seq_once_in_order(
    replicas: tuple[Replica, Replica],
) -> None:
    customers, agents = replicas
    session_id, _ = await _with_carla(customers, agents)
    before = len(await _history(customers, session_id))

    async def customer_writes() -> None:
        for n in range(15):
            await customers.customer(session_id, f"cliente {n}", client_id=f"c-{n}")

    async def agent_writes() -> None:
        for n in range(15):
            await agent_says(agents.service, CARLA, session_id, f"agente {n}")

    await asyncio.gather(customer_writes(), agent_writes())
    await customers.customer(session_id, "cliente 3", client_id="c-3")  # a resent frame

    history = await _history(agents, session_id)
    assert [seq for seq, _ in history] == list(range(1, before + 31))
    texts = [text for _, text in history[before:]]
    assert [t for t in texts if t.startswith("cliente")] == [f"cliente {n}" for n in range(15)]
    assert [t for t in texts if t.startswith("agente")] == [f"agente {n}" for n in range(15)]


async def test_a_step_after_plain_messages_follows_them_and_a_reconnect_sees_the_last_seq(
    replicas: tuple[Replica, Replica],
) -> None:
    customers, agents = replicas
    session_id, token = await _with_carla(customers, agents)
    await customers.customer(session_id, "obrigada")
    last = await agent_says(agents.service, CARLA, session_id, "por nada")

    ended = await customers.customer(session_id, "sair", client_id="bye")  # the assistant ends it

    history = await _history(customers, session_id)
    assert [seq for seq, _ in history] == list(range(1, len(history) + 1))
    assert history[last - 1 : last + 1] == [(last, "por nada"), (ended, "sair")]
    store = customers.service.context.store
    after_end = await store.messages(session_id, after=ended)
    assert after_end
    assert all(message.author_kind is AuthorKind.BOT for message in after_end)
    record = await store.load(session_id)
    assert record is not None
    assert record.routing is Routing.ENDED
    resumed = await resume_session(agents.service, token)
    assert resumed is not None
    assert resumed.seq == len(history)
