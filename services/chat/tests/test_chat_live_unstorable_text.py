"""Characters the store refuses (a NUL) never leave a customer stuck on "busy, send again"."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

from services.chat.tests.chat_live import chat_environment, chat_processes, customer
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def chat(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServiceProcess]:
    run = IsolatedRun(infrastructure)
    environment = chat_environment(run, HELPDESK_CALENDAR_NAME="24x7")
    try:
        with chat_processes(environment, tmp_path_factory.mktemp("chat-logs")) as (process,):
            yield process
    finally:
        asyncio.run(run.clean_up())


async def test_a_message_with_a_nul_is_stored_without_it_and_the_customer_is_told(
    chat: ServiceProcess,
) -> None:
    async with customer(chat, name="Ana\x00 Souza", email="ana@example.com\x00") as ana:
        await ana.wait_text("Como posso ajudar?")
        await ana.send(type="message", text="quero\x00 reabrir", client_message_id="m-1")
        ack = await ana.wait_for(lambda f: f["type"] in ("ack", "error"), "an answer")
        assert ack["type"] == "ack", ack
        notice = await ana.wait_text("caractere invisível")
        assert "removemos e guardamos o resto" in notice["message"]["text"]
        assert "quero reabrir" in ana.texts()
        assert not any(f["type"] == "error" for f in ana.frames)


async def test_the_nul_notice_follows_the_conversations_language(chat: ServiceProcess) -> None:
    async with customer(chat, name="Ana", email="ana@example.com", language="en") as ana:
        await ana.wait_text("How can I help")
        await ana.send(type="choice", value="1\x00", client_message_id="c-1\x00")
        await ana.wait_text("we removed it and kept the rest")
