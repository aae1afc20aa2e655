"""The assistant over a real WebSocket, against a real chat process, broker and database."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterator

import httpx
import pytest

from helpdesk_runtime.file_links import FileLinks
from services.chat.tests.chat_live import (
    EventTap,
    chat_environment,
    chat_processes,
    customer,
    publish_ticket,
    session_of,
)
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess

pytestmark = pytest.mark.e2e
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(scope="module")
def run(infrastructure: Infrastructure) -> Iterator[IsolatedRun]:
    isolated = IsolatedRun(infrastructure)
    yield isolated
    asyncio.run(isolated.clean_up())


@pytest.fixture(scope="module")
def chat(run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    environment = chat_environment(run, HELPDESK_CALENDAR_NAME="24x7")
    with chat_processes(environment, tmp_path_factory.mktemp("chat-logs")) as (process,):
        yield process


async def test_start_asks_name_then_a_valid_email_then_shows_the_menu(chat: ServiceProcess) -> None:
    async with customer(chat, language="en") as ana:
        await ana.wait_text("what is your name?")
        await ana.send(type="message", text="Ana Souza")
        await ana.wait_text("What is your email?")
        await ana.send(type="message", text="ana at example")
        await ana.wait_text("does not look like a valid email")
        await ana.send(type="message", text="ana@example.com")
        await ana.wait_text("Security tip: never share passwords")
        menu = await ana.wait_text("Talk to an agent")
        assert [choice["value"] for choice in menu["message"]["choices"]] == ["1", "2", "3", "4"]


async def test_question_is_answered_from_the_knowledge_base_with_its_link(
    chat: ServiceProcess,
) -> None:
    async with customer(chat, name="Ana Souza", email="ana@example.com") as ana:
        await ana.wait_text("Como posso ajudar?")
        await ana.send(type="choice", value="1")
        await ana.wait_text("Pode perguntar!")
        await ana.send(type="message", text="quero reabrir meu chamado que foi resolvido")
        answer = await ana.wait_for(
            lambda f: f["type"] == "message" and f["message"]["link"] is not None, "an article"
        )
        assert answer["message"]["link"] == "/kb/pt-BR/reabrir-chamado"
        await ana.wait_text("Isso ajudou?")
        async with httpx.AsyncClient(base_url=chat.url, timeout=10) as http:
            article = await http.get(answer["message"]["link"])
        assert article.status_code == 200
        assert "O problema voltou depois de resolvido" in article.text


async def test_typing_the_requesters_email_shows_no_status_only_the_emailed_code_does(
    chat: ServiceProcess, run: IsolatedRun
) -> None:
    await publish_ticket(run, 700123, "maria@example.com.br")
    await publish_ticket(run, 700123, "maria@example.com.br", status="pending", version=2)

    async with (
        EventTap(run, "customer.email_code_requested.v1") as codes,
        customer(chat, name="Impostor", email="Maria@example.com.br") as impostor,
    ):
        await impostor.wait_text("Como posso ajudar?")
        await impostor.send(type="choice", value="2")
        await impostor.send(type="message", text="#700123")
        await impostor.wait_text("enviei um código de 6 dígitos para Maria@example.com.br")
        session_id = session_of(impostor)["session_id"]
        sent = await codes.wait_for(lambda p: p["session_id"] == session_id, "the code")
        assert sent["email"].casefold() == "maria@example.com.br"  # Maria's mailbox, not theirs
        guess = "000000" if sent["code"] != "000000" else "111111"
        for _ in range(5):
            await impostor.send(type="message", text=guess)
        await impostor.wait_text("Esse código não vale mais")
        assert not any("Aguardando sua resposta" in text for text in impostor.texts())

    async with (
        EventTap(run, "customer.email_code_requested.v1") as codes,
        customer(chat, name="Maria Silva", email="Maria@example.com.br") as maria,
    ):
        session_id = session_of(maria)["session_id"]
        await maria.wait_text("Como posso ajudar?")
        await maria.send(type="choice", value="2")
        await maria.wait_text("Qual é o número do protocolo?")
        await maria.send(type="message", text="#700123")
        sent = await codes.wait_for(lambda p: p["session_id"] == session_id, "Maria's code")
        await maria.send(type="message", text=sent["code"])
        await maria.wait_text("Status do chamado nº 700123: Aguardando sua resposta.")

    async with (
        EventTap(run, "customer.email_code_requested.v1") as codes,
        customer(chat, name="Outra Pessoa", email="outra@example.com") as other,
    ):
        session_id = session_of(other)["session_id"]
        await other.wait_text("Como posso ajudar?")
        await other.send(type="choice", value="2")
        await other.send(type="message", text="700123")
        sent = await codes.wait_for(lambda p: p["session_id"] == session_id, "their code")
        await other.send(type="message", text=sent["code"])
        await other.wait_text("Não encontrei o chamado 700123")
        assert not any("Aguardando sua resposta" in text for text in other.texts())


async def test_reconnecting_with_the_token_resumes_the_conversation(chat: ServiceProcess) -> None:
    async with customer(chat, name="Ana Souza", email="ana@example.com") as first:
        await first.wait_text("Como posso ajudar?")
        await first.send(type="message", text="1", client_message_id="m-1")
        await first.wait_text("Pode perguntar!")
        session = session_of(first)
        shown = first.texts()

    async with customer(chat) as again:
        await again.send(type="resume", token=session["token"])
        resumed = await again.wait_for(lambda f: f["type"] == "session", "the session frame")
        assert resumed["session_id"] == session["session_id"]
        assert resumed["resumed"] is True
        assert resumed["token"] is None
        await again.wait_text("Pode perguntar!")
        assert again.texts() == shown
        # a message resent because its ack was lost is stored once
        await again.send(type="message", text="1", client_message_id="m-1")
        ack = await again.wait_for(lambda f: f["type"] == "ack", "the ack")
        assert ack["seq"] == next(
            m["seq"] for m in again.messages() if m["client_message_id"] == "m-1"
        )
        await again.send(type="message", text="horário de atendimento")
        await again.wait_text("Isso ajudou?")
        seqs = [message["seq"] for message in again.messages()]
        assert seqs == list(range(1, len(seqs) + 1))


async def test_unknown_token_is_refused(chat: ServiceProcess) -> None:
    async with customer(chat) as stranger:
        await stranger.send(type="resume", token="not-a-real-token-at-all")
        error = await stranger.wait_for(lambda f: f["type"] == "error", "an error")
        assert error["code"] == "unknown_token"


async def test_attachments_are_uploaded_with_limits_and_referenced_in_the_conversation(
    chat: ServiceProcess,
) -> None:
    async with customer(chat, name="Ana Souza", email="ana@example.com") as ana:
        token = session_of(ana)["token"]
        auth = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(base_url=chat.url, headers=auth, timeout=30) as http:
            ok = await http.post(
                "/v1/chat/attachments", files={"file": ("tela.png", PNG, "image/png")}
            )
            assert ok.status_code == 201, ok.text
            too_big = b"a" * (10 * 1024 * 1024 + 1)
            large = await http.post(
                "/v1/chat/attachments", files={"file": ("log.txt", too_big, "text/plain")}
            )
            assert large.status_code == 413
            exe = await http.post(
                "/v1/chat/attachments",
                files={"file": ("setup.exe", b"MZ\x90", "application/octet-stream")},
            )
            assert exe.status_code == 415
            fake = await http.post(
                "/v1/chat/attachments", files={"file": ("foto.png", b"GIF89a", "image/png")}
            )
            assert fake.status_code == 415
            anonymous = await http.post(
                "/v1/chat/attachments",
                headers={"Authorization": ""},
                files={"file": ("tela.png", PNG, "image/png")},
            )
            assert anonymous.status_code == 401
            attachment = ok.json()
            await ana.send(
                type="message", text="segue o print", attachments=[attachment["attachment_id"]]
            )
            sent = await ana.wait_text("segue o print")
            assert sent["message"]["attachments"][0]["sha256"] == attachment["sha256"]
            await ana.send(
                type="message", text="seis", attachments=[attachment["attachment_id"]] * 6
            )
            error = await ana.wait_for(lambda f: f["type"] == "error", "too many attachments")
            assert error["code"] == "too_many_attachments"
            download = await http.get(f"/v1/chat/attachments/{attachment['attachment_id']}")
            assert download.content == PNG


async def test_a_chat_file_opens_for_a_link_tickets_signed_and_not_for_a_forged_one(
    chat: ServiceProcess,
) -> None:
    async with customer(chat, name="Ana Souza", email="ana@example.com") as ana:
        auth = {"Authorization": f"Bearer {session_of(ana)['token']}"}
        async with httpx.AsyncClient(base_url=chat.url, timeout=30) as http:
            stored = await http.post(
                "/v1/chat/attachments",
                files={"file": ("tela.png", PNG, "image/png")},
                headers=auth,
            )
            file_id = stored.json()["attachment_id"]
            path = f"/v1/chat/attachments/{file_id}"
            signed = FileLinks(os.environ["HELPDESK_FILE_LINK_SECRET"])
            forged = FileLinks("a-secret-someone-guessed-here")
            opened = await http.get(signed.signed_url("", path, file_id, now=time.time()))
            refused = await http.get(forged.signed_url("", path, file_id, now=time.time()))

    assert opened.status_code == 200
    assert opened.content == PNG
    assert opened.headers["content-disposition"].startswith("inline;")
    assert opened.headers["x-content-type-options"] == "nosniff"
    assert refused.status_code == 404


async def test_widget_and_protocol_pages_are_served(chat: ServiceProcess) -> None:
    async with httpx.AsyncClient(base_url=chat.url, timeout=10) as http:
        widget = await http.get("/widget")
        protocol = await http.get("/v1/chat/protocol")
        openapi = (await http.get("/openapi.json")).json()
    assert widget.status_code == 200
    assert "/v1/chat/ws" in widget.text
    assert protocol.headers["content-type"].startswith("text/markdown")
    assert "/v1/agent/ws" in protocol.text
    assert "/v1/chat/protocol" in openapi["info"]["description"]


async def test_refusals_come_in_the_customers_language_pt_br_by_default(
    chat: ServiceProcess,
) -> None:
    too_long = "palavra " * 520
    async with (
        customer(chat, name="Ana Souza", email="ana@example.com") as ana,
        customer(chat, name="Liam Smith", email="liam@example.com", language="en") as liam,
    ):
        for client, expected in ((ana, "4.000 caracteres"), (liam, "4,000 characters")):
            await client.send(type="message", text=too_long, client_message_id="long")
            error = await client.wait_for(lambda f: f["type"] == "error", "the refusal")
            assert error["code"] == "too_long"
            assert expected in error["detail"]
        auth = {"Authorization": f"Bearer {session_of(liam)['token']}"}
        exe = {"file": ("setup.exe", b"MZ\x90", "application/octet-stream")}
        big = {"file": ("log.txt", b"a" * (10 * 1024 * 1024 + 1), "text/plain")}
        async with httpx.AsyncClient(base_url=chat.url, headers=auth, timeout=30) as http:
            english = await http.post(
                "/v1/chat/attachments", files=exe, headers={"Accept-Language": "en"}
            )
            portuguese = await http.post("/v1/chat/attachments", files=exe)
            large = await http.post("/v1/chat/attachments", files=big)
    assert english.status_code == 415
    assert english.json()["detail"].startswith("File type not accepted")
    assert portuguese.json()["detail"].startswith("Tipo de arquivo não aceito")
    assert portuguese.headers["content-type"] == "application/problem+json"
    assert large.status_code == 413
    assert large.json()["detail"] == "O arquivo passa de 10 MB; envie um arquivo menor."


async def test_chat_sockets_send_each_small_frame_uncompressed(chat: ServiceProcess) -> None:
    async with customer(chat, name="Ana") as client:  # the client offers permessage-deflate
        extensions = client.connection.response.headers.get("Sec-WebSocket-Extensions")
    assert extensions is None
