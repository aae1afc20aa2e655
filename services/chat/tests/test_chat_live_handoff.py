"""Two chat replicas behind one address: handoff to an agent on the other replica, in order."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from chat.adapters.message_history import MOVE_EVERY
from services.chat.tests.chat_live import (
    EventTap,
    agent,
    chat_environment,
    chat_processes,
    customer,
    hand_over,
    publish_ticket,
    session_of,
)
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

pytestmark = pytest.mark.e2e
MESSAGES = 20
LONG_CHAT = 3 * MOVE_EVERY + 7


@pytest.fixture(scope="module")
def run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    isolated = IsolatedRun(infrastructure)
    yield isolated
    asyncio.run(isolated.clean_up())


@pytest.fixture(scope="module")
def replicas(
    run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[list[ServiceProcess]]:
    environment = chat_environment(run, HELPDESK_CALENDAR_NAME="24x7", HELPDESK_RATING_WAIT_S="30")
    with chat_processes(environment, tmp_path_factory.mktemp("chat-logs"), count=2) as processes:
        yield processes


async def test_handoff_to_an_agent_on_the_other_replica_carries_messages_both_ways_in_order(
    replicas: list[ServiceProcess], run: IsolatedRun
) -> None:
    first, second = replicas
    async with (
        EventTap(run, "chat.#") as events,
        agent(second, "tok-diego") as diego,
        customer(first, name="Ana Souza", email="ana.handoff@example.com") as ana,
    ):
        await ana.send(type="message", text="como reabrir um chamado")
        await ana.wait_text("Isso ajudou?")
        session_id = await hand_over(ana, diego, "Diego")
        assert any("na posição 1" in text for text in ana.texts())
        # the agent sees the assistant's part of the conversation too
        await diego.wait_for(
            lambda f: f["type"] == "message" and "Diego entrou" in f["message"]["text"], "history"
        )
        assert "como reabrir um chamado" in diego.texts(session_id)
        assert any("Isso ajudou?" in text for text in diego.texts(session_id))

        for index in range(MESSAGES):
            await ana.send(type="message", text=f"cliente {index}")
            await diego.send(type="message", session_id=session_id, text=f"agente {index}")
        # each side waits for the other's last words and for the echo of its own
        for client in (ana, diego):
            await client.wait_text(f"cliente {MESSAGES - 1}")
            await client.wait_text(f"agente {MESSAGES - 1}")
        expected_customer = [f"cliente {i}" for i in range(MESSAGES)]
        expected_agent = [f"agente {i}" for i in range(MESSAGES)]
        assert [t for t in diego.texts(session_id) if t.startswith("cliente ")] == expected_customer
        assert [t for t in ana.texts() if t.startswith("agente ")] == expected_agent
        # both sides see the same conversation in the same order
        assert ana.messages()[-2 * MESSAGES :] == diego.messages(session_id)[-2 * MESSAGES :]

        await diego.send(type="end", session_id=session_id)
        await ana.wait_text("Diego encerrou a conversa")
        await diego.wait_for(lambda f: f["type"] == "released", "the conversation released")
        await ana.send(type="choice", value="5")
        await ana.wait_text("Agradecemos a sua avaliação")

        ended = await events.wait_for(
            lambda p: p["session_id"] == session_id and "transcript" in p, "chat.session_ended"
        )
        assert ended["rating"] == 5
        assert ended["ended_by"] == "agent"
        assert ended["agent"]["id"] == "diego"
        lines = [(line["author_kind"], line["text"]) for line in ended["transcript"]]
        assert ("customer", "como reabrir um chamado") in lines
        assert ("agent", "agente 0") in lines
        agents = {
            line["author_id"] for line in ended["transcript"] if line["author_kind"] == "agent"
        }
        assert agents == {"diego"}  # intake tells tickets who gave the first response
        kinds = {event_type(e) for e in events.events if e["payload"]["session_id"] == session_id}
        assert kinds >= {"chat.session_started", "chat.handoff_requested", "chat.agent_joined"}

        # tickets opens the ticket that holds the transcript: the customer is told its number
        await publish_ticket(run, 880001, "ana.handoff@example.com", channel="chat")
        await ana.wait_text("Esta conversa foi registrada no chamado nº 880001")


def event_type(envelope: dict[str, object]) -> str:
    return str(envelope["type"])


async def test_queue_positions_are_the_same_on_both_replicas(
    replicas: list[ServiceProcess],
) -> None:
    first, second = replicas
    async with (
        agent(first, "tok-carla") as carla,
        customer(first, name="Bia Lima", email="bia@example.com") as bia,
        customer(second, name="Caio Reis", email="caio@example.com") as caio,
    ):
        await bia.send(type="message", text="atendente")
        await bia.wait_text("na posição 1")
        await caio.send(type="message", text="atendente")
        await caio.wait_text("na posição 2")
        await carla.send(type="accept", session_id=session_of(bia)["session_id"])
        await caio.wait_text("Sua posição na fila agora é 1.")
        await carla.send(
            type="transfer", session_id=session_of(bia)["session_id"], to_group="billing"
        )
        await bia.wait_text("Vou passar você para outra equipe")
        await carla.send(type="accept", session_id=session_of(caio)["session_id"])
        await caio.wait_text("Carla entrou na conversa")


async def test_each_side_sees_the_other_typing_across_replicas(
    replicas: list[ServiceProcess],
) -> None:
    first, second = replicas
    async with (
        agent(second, "tok-diego") as diego,
        customer(first, name="Gabi Nunes", email="gabi.typing@example.com") as gabi,
    ):
        await diego.send(type="typing", session_id=session_of(gabi)["session_id"])
        await diego.wait_for(lambda f: f.get("code") == "not_yours", "typing refused before accept")
        session_id = await hand_over(gabi, diego, "Diego")

        await gabi.send(type="typing")
        customer_typing = {"type": "typing", "session_id": session_id, "who": "customer"}
        await diego.wait_for(lambda f: f == customer_typing, "the customer typing, on the agent")
        await diego.send(type="typing", session_id=session_id)
        agent_typing = {"type": "typing", "who": "agent", "name": "Diego"}
        await gabi.wait_for(lambda f: f == agent_typing, "the agent typing, on the customer")
        # nobody sees their own signal, and nothing of it is stored as a message
        assert not any(f["type"] == "typing" for f in gabi.frames if f.get("who") == "customer")
        assert all(f.get("who") != "agent" for f in diego.frames if f["type"] == "typing")
        await diego.send(type="end", session_id=session_id)


async def test_a_replica_restart_loses_no_message(replicas: list[ServiceProcess]) -> None:
    first, second = replicas
    async with customer(first, name="Duda Alves", email="duda@example.com") as duda:
        for index in range(5):
            await duda.send(
                type="message", text=f"pergunta {index}", client_message_id=f"d-{index}"
            )
        await duda.wait_for(
            lambda f: f["type"] == "ack" and f["client_message_id"] == "d-4", "the last ack"
        )
        token = session_of(duda)["token"]
        shown = duda.messages()
    first.kill()
    try:
        async with customer(second) as again:
            await again.send(type="resume", token=token)
            await again.wait_for(lambda f: f["type"] == "session", "the session frame")
            await again.wait_for(lambda f: len(again.messages()) >= len(shown), "the history")
            assert again.messages()[: len(shown)] == shown
    finally:
        first.start()  # back and ready for the tests that follow in any order
        eventually(lambda: first.ready_status() == 200, timeout=90, what="the replica back")


async def test_a_long_chat_keeps_a_small_document_and_shows_its_whole_history_on_reconnect(
    replicas: list[ServiceProcess], run: IsolatedRun
) -> None:
    first, second = replicas
    async with (
        agent(second, "tok-diego") as diego,
        customer(first, name="Lia Prado", email="lia.long@example.com") as lia,
    ):
        session_id = await hand_over(lia, diego, "Diego")
        for index in range(LONG_CHAT):
            await lia.send(type="message", text=f"linha {index}", client_message_id=f"l-{index}")
        last = f"l-{LONG_CHAT - 1}"
        await lia.wait_for(lambda f: f.get("client_message_id") == last, "the last ack")
        token = session_of(lia)["token"]
        await diego.send(type="end", session_id=session_id)
        await lia.wait_text("Diego encerrou a conversa")
    # every step rewrites the conversation's document: its messages moved to their own
    client: AsyncMongoClient[dict[str, Any]] = AsyncMongoClient(run.infrastructure.mongo_url)
    stored = await client[f"{run.database}_chat"]["conversations"].find_one({"_id": session_id})
    await client.close()
    assert stored is not None
    assert stored["seq"] > LONG_CHAT
    assert len(stored["messages"]) <= MOVE_EVERY + 5
    async with customer(second) as again:  # the other replica, from the first message
        await again.send(type="resume", token=token, after_seq=0)
        await again.wait_for(lambda f: len(again.messages()) >= stored["seq"], "the history")
        assert [message["seq"] for message in again.messages()] == list(range(1, stored["seq"] + 1))
        lines = [text for text in again.texts() if text.startswith("linha ")]
        assert lines == [f"linha {index}" for index in range(LONG_CHAT)]
