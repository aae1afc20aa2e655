"""Outside business hours: the assistant says when support opens and opens a ticket instead."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from services.chat.tests.chat_live import (
    EventTap,
    agent,
    chat_environment,
    chat_processes,
    closed_calendar_file,
    customer,
    opening_day,
    publish_ticket,
    session_of,
)
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    isolated = IsolatedRun(infrastructure)
    yield isolated
    asyncio.run(isolated.clean_up())


@pytest.fixture(scope="module")
def closed_chat(
    run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    calendar = closed_calendar_file(tmp_path_factory.mktemp("calendar"))
    environment = chat_environment(
        run, HELPDESK_CALENDAR_FILE=str(calendar), HELPDESK_CALENDAR_NAME="business"
    )
    with chat_processes(environment, tmp_path_factory.mktemp("chat-logs")) as (process,):
        yield process


async def test_outside_hours_the_assistant_opens_a_ticket_with_the_conversation(
    closed_chat: ServiceProcess, run: IsolatedRun
) -> None:
    opening = opening_day().strftime("%d/%m")
    async with (
        EventTap(run, "chat.#") as events,
        agent(closed_chat, "tok-diego"),  # an agent online does not matter outside hours
        customer(closed_chat, name="Rita Sousa", email="rita@example.com") as rita,
    ):
        session_id = session_of(rita)["session_id"]
        await rita.send(type="message", text="atendente")
        notice = await rita.wait_text("Abriremos")
        assert opening in notice["message"]["text"]
        await rita.wait_text("Posso abrir um chamado com esta conversa")
        await rita.send(type="choice", value="yes")
        await rita.wait_text("Descreva em poucas palavras")
        await rita.send(type="message", text="Meu boleto de novembro não chegou por e-mail")

        filed = await events.wait_for(
            lambda p: p["session_id"] == session_id and "transcript" in p, "the transcript"
        )
        assert filed["customer"]["email"] == "rita@example.com"
        texts = [line["text"] for line in filed["transcript"]]
        assert texts[-2] == "Meu boleto de novembro não chegou por e-mail"
        handoff = await events.wait_for(
            lambda p: p["session_id"] == session_id and "inside_business_hours" in p, "handoff"
        )
        assert handoff["inside_business_hours"] is False

        # intake and tickets turn it into a ticket; its number comes back to the customer
        await publish_ticket(run, 990001, "rita@example.com", channel="chat")
        await rita.wait_text("Pronto! Abrimos o chamado nº 990001")
        await rita.wait_text("Como posso ajudar?")
