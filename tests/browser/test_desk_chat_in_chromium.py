"""The chat desk and the leader view in Chromium at 1280×800: a leader signed in to the
workspace takes a chat from the queue (chat on a calendar open all day), exchanges messages and
files with a customer in chat's widget, ends it and finds the transcript on the ticket; then sees
the queues per group, an SLA breach (sla's time runs 60× faster) with who was told, and the
chat's rating. axe-core on every workspace page."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from playwright.async_api import Browser, Page, expect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Origin

from tests.browser.test_chat_widget_in_chromium import say
from tests.journeys.desk import desk_services
from tests.journeys.mail import CapturingRelay, RelayServer, body_text
from tests.journeys.system import admin_command
from tests.support.browser import (
    DESKTOP,
    assert_accessible,
    desktop_page,
    horizontal_overflow,
    screenshot,
)
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun

pytestmark = pytest.mark.e2e
__all__ = ["desktop_page"]
LEADER = f"lia.{uuid.uuid4().hex[:6]}@equipe.example.com.br"
AGENT = f"davi.{uuid.uuid4().hex[:6]}@equipe.example.com.br"
ALL_DAY = {
    day: ["00:00-24:00"]
    for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
}
SLOW = {"calendar": "24x7", "first_response_minutes": 10_000, "next_response_minutes": 10_000}


def fast_sla_config(folder: Path) -> Path:
    """P0 must be resolved within 10 business minutes, round the clock (a phone ticket's first
    response is the agent's call); a minute after the breach the leaders are told."""
    policies = {p: {**SLOW, "resolution_minutes": 20_000} for p in ("P1", "P2", "P3")}
    policies["P0"] = {**SLOW, "resolution_minutes": 10}
    config = {
        "calendars": {"24x7": {"timezone": "UTC", "opening_hours": ALL_DAY, "holidays": None}},
        "policies": policies,
        "escalation_ladder": [
            {"level": "agent", "after_breach_minutes": 0, "notify": ["agent"]},
            {"level": "leader", "after_breach_minutes": 1, "notify": ["agent", "leader"]},
        ],
    }
    path = folder / "fast-sla.yaml"
    path.write_text(json.dumps(config))
    return path


@dataclass
class ChatDesk:
    desk: str
    chat: str
    tickets: str
    relay: CapturingRelay
    admin_token: str

    def api(self, method: str, path: str, token: str, **body: object) -> dict[str, object]:
        answer = httpx.request(
            method,
            self.tickets + path,
            json=body or None,
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        assert answer.status_code in (200, 201), f"{method} {path}: {answer.text}"
        found: dict[str, object] = answer.json()
        return found


@pytest.fixture(scope="module")
def chat_desk(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ChatDesk]:
    run = IsolatedRun(infrastructure)
    folder = tmp_path_factory.mktemp("desk-chat")
    settings = {
        "chat": {
            "HELPDESK_CALENDAR_NAME": "24x7",  # sla's packaged calendars: open all day
            "HELPDESK_SWEEP_INTERVAL_S": "0.5",
            "HELPDESK_TICKET_PART_WAIT_S": "2",
        },
        "sla": {
            "HELPDESK_CONFIG_PATH": str(fast_sla_config(folder)),
            "HELPDESK_CLOCK_SPEED": "60",
            "HELPDESK_CLOCK_EPOCH": datetime.now(UTC).isoformat(),
            "HELPDESK_DETECTION_MAX_WAIT_S": "1",
        },
    }
    try:
        with (
            RelayServer() as relay,
            desk_services(
                run, folder / "logs", relay.port, extra=("chat", "intake"), settings=settings
            ) as running,
        ):
            admin = admin_command(run, "issue-token", "--name", "Ada Admin", "--role", "admin")
            system = ChatDesk(
                running["desk"].url, running["chat"].url, running["tickets"].url, relay.relay, admin
            )
            staff = (("Lia Líder", LEADER, "leader"), ("Davi Agente", AGENT, "agent"))
            for name, email, role in staff:  # they sign in by e-mail, the API adds them
                system.api("POST", "/v1/agents", admin, name=name, email=email, role=role)
            yield system
    finally:
        asyncio.run(run.clean_up())


async def signs_in(page: Page, system: ChatDesk, email: str, name: str) -> None:
    await page.goto(f"{system.desk}/desk/sign-in")
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_role("button", name="Enviar link de acesso").click()
    mail = system.relay.wait_for(
        email,
        "the workspace link",
        lambda m: m["X-Helpdesk-Notification"] == "staff_sign_in_link",
        timeout=60,
    )
    [link] = re.findall(r"http://\S+/desk/sign-in/enter\?code=\S+", body_text(mail))
    await page.goto(link)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_text(name)).to_be_visible()


async def customer_asks_for_an_agent(widget: Page, system: ChatDesk, tag: str) -> None:
    log = widget.locator("#log")
    await widget.goto(f"{system.chat}/widget")
    await expect(log).to_contain_text("como posso te chamar?")
    await say(widget, "Ana Souza")
    await expect(log).to_contain_text("Qual é o seu e-mail?")
    await say(widget, f"ana.{tag}@example.com.br")
    await expect(log.get_by_role("button", name="Tirar uma dúvida")).to_be_visible()
    await say(widget, "atendente")


async def test_leader_takes_a_chat_exchanges_files_finds_the_transcript_and_sees_a_breach(
    desktop_page: Page, chromium: Browser, chat_desk: ChatDesk, tmp_path: Path
) -> None:
    tag = uuid.uuid4().hex[:8]
    await signs_in(desktop_page, chat_desk, LEADER, "Lia Líder")
    await desktop_page.get_by_role("link", name="Chat").click()
    await expect(desktop_page.get_by_role("status").first).to_have_text("Conectado ao chat.")
    await assert_accessible(desktop_page)

    leader_view = await desktop_page.context.new_page()  # any page announces a new chat
    await leader_view.goto(f"{chat_desk.desk}/desk/leader")
    await leader_view.wait_for_timeout(500)  # the page's event stream is open
    widget_context = await chromium.new_context(viewport=DESKTOP, locale="pt-BR")
    widget_context.set_default_timeout(20_000)
    widget = await widget_context.new_page()
    await customer_asks_for_an_agent(widget, chat_desk, tag)

    card = desktop_page.locator("#queue li").filter(has_text="Ana Souza")
    await expect(card).to_contain_text("esperando há")
    await expect(desktop_page.locator("#chat-badge")).to_have_text("1 chats esperando")
    assert (await desktop_page.title()).startswith("(1) ")
    await assert_accessible(desktop_page)
    await screenshot(desktop_page, "desk-chat-queue")
    await expect(leader_view.locator("#live")).to_contain_text("Novo chat na fila: Ana Souza")
    await leader_view.reload()  # the waiting chat is counted
    general = leader_view.get_by_role("row").filter(has_text="Sem grupo / fila geral")
    await expect(general.get_by_role("cell").last).to_have_text("1")
    await leader_view.close()
    await card.get_by_role("button", name="Atender").click()
    conversation = desktop_page.locator("article.conversation").filter(has_text="Ana Souza")
    await expect(conversation.locator(".msg.bot").first).to_be_visible()  # the bot's part
    await expect(desktop_page.locator("#queue li")).to_have_count(0)
    await expect(widget.locator("#log")).to_contain_text("Lia Líder")
    # each side sees the other typing, through desk's relay socket
    # (the widget signals at most once every 2 s: the last signal came with the name typed)
    await widget.wait_for_function("Date.now() - typedAt >= 2000")
    await widget.get_by_label("Mensagem").press_sequentially("Min")
    await expect(conversation.locator(".typing")).to_have_text("cliente digitando…")
    await conversation.get_by_label("Mensagem").press_sequentially("Ol")
    await expect(widget.locator("#typing")).to_contain_text("Lia Líder está digitando")
    await conversation.get_by_label("Mensagem").fill("")

    question = f"Minha fatura veio em dobro ({tag})"
    sent = time.monotonic()
    await say(widget, question)
    await desktop_page.wait_for_function(
        "text => [...document.querySelectorAll('.msg.customer .text')]"
        ".some(line => line.textContent.includes(text))",
        arg=question,
    )
    print(f"customer's chat message on the analyst's screen after {time.monotonic() - sent:.2f}s")

    receipt = tmp_path / "segunda-via.txt"
    receipt.write_text(f"Segunda via da fatura {tag}\n")
    await conversation.get_by_label("Mensagem").fill("Segue a segunda via corrigida.")
    await conversation.get_by_label("Anexar arquivos").set_input_files(receipt)
    await conversation.get_by_role("button", name="Enviar").click()
    await expect(widget.locator("#log")).to_contain_text("segunda-via.txt")
    await expect(widget.locator("#log")).to_contain_text("Segue a segunda via corrigida.")
    # typing frames went out while the analyst typed, and chat took them
    await expect(desktop_page.locator("#chat-problem")).to_be_hidden()

    proof = tmp_path / "comprovante.txt"
    proof.write_text(f"Comprovante de pagamento {tag}\n")
    await widget.locator("#file").set_input_files(proof)
    await expect(widget.get_by_role("status")).to_contain_text("comprovante.txt")
    await say(widget, "Aqui o comprovante")
    customer_file = conversation.get_by_role("link", name=re.compile("comprovante.txt"))
    await expect(customer_file).to_be_visible()
    href = await customer_file.get_attribute("href")
    opened = await desktop_page.request.get(f"{chat_desk.desk}{href}")
    assert opened.status == 200
    assert tag in await opened.text()
    await assert_accessible(desktop_page)
    assert await horizontal_overflow(desktop_page) == 0
    await screenshot(desktop_page, "desk-chat-conversation")

    await conversation.get_by_role("button", name="Encerrar conversa").click()
    await expect(widget.locator("#log")).to_contain_text("de 1 a 5")
    await expect(conversation).to_contain_text("Conversa encerrada")
    await say(widget, "5")
    filed = widget.locator("#log").get_by_text(re.compile(r"registrada no chamado nº \d+"))
    await expect(filed).to_be_visible(timeout=60_000)
    number = re.findall(r"nº (\d+)", await filed.inner_text())[0]
    await widget_context.close()

    await desktop_page.goto(f"{chat_desk.desk}/desk/tickets/{number}")
    await expect(desktop_page.get_by_text(question).first).to_be_visible()
    await expect(desktop_page.get_by_text("Segue a segunda via corrigida.").first).to_be_visible()
    await screenshot(desktop_page, "desk-chat-transcript-on-ticket")

    await leader_sees_queues_a_breach_and_the_rating(desktop_page, chat_desk, tag)


async def leader_sees_queues_a_breach_and_the_rating(
    page: Page, system: ChatDesk, tag: str
) -> None:
    team: Any = system.api("GET", "/v1/agents", system.admin_token)["items"]
    [leader_id] = [agent["id"] for agent in team if agent["name"] == "Lia Líder"]
    system.api("POST", "/v1/groups", system.admin_token, id=f"fin-{tag}", name=f"Financeiro {tag}")
    urgent = system.api(
        "POST",
        "/v1/tickets",
        system.admin_token,
        caller={"name": "Bia Costa", "email": f"bia.{tag}@example.com.br"},
        subject=f"Sistema fora do ar {tag}",
        text="Ninguém consegue emitir notas.",
        priority="P0",
        group_id=f"fin-{tag}",
    )
    caio = {"name": "Caio", "email": f"caio.{tag}@example.com.br"}
    system.api("POST", "/v1/tickets", system.admin_token, caller=caio,
               subject=f"Dúvida {tag}", text="Sem pressa.", group_id=f"fin-{tag}")  # fmt: skip
    system.api("PATCH", f"/v1/tickets/{urgent['number']}", system.admin_token,
               assignee_id=leader_id)  # fmt: skip
    rows = page.get_by_role("row").filter(has_text=f"#{urgent['number']}")
    breach = rows.filter(has_text="Prazo violado")
    escalation = rows.filter(has_text="Escalonado: nível líder")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # sla's clock runs 60× faster
        await page.goto(f"{system.desk}/desk/leader")
        if await breach.count() and await escalation.count():
            break
        await page.wait_for_timeout(1000)
    await expect(breach.first).to_contain_text("Prazo violado (Resolução)")
    await expect(escalation.first).to_contain_text("Lia Líder (líder)")
    group = page.get_by_role("row").filter(has_text=f"Financeiro {tag}")
    await expect(group).to_have_text(re.compile(r"Financeiro \S+\s*2\s*1\s*0"))
    await expect(page.get_by_role("row").filter(has_text="Últimos 7 dias")).to_contain_text(
        "5.0 de 5 (1)"
    )
    await expect(page.get_by_role("row").filter(has_text="Lia Líder").last).to_contain_text("sim")
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "desk-leader")


async def test_an_agent_sets_availability_gets_no_leader_view_and_no_foreign_chat_socket(
    desktop_page: Page, chat_desk: ChatDesk
) -> None:
    await signs_in(desktop_page, chat_desk, AGENT, "Davi Agente")
    await expect(desktop_page.get_by_role("link", name="Liderança")).to_have_count(0)
    answer = await desktop_page.goto(f"{chat_desk.desk}/desk/leader")
    assert answer is not None
    assert answer.status == 403
    await expect(desktop_page.get_by_role("alert")).to_contain_text("Esta página é da liderança")

    await desktop_page.get_by_label("Minha disponibilidade").select_option(label="Ausente")
    await desktop_page.get_by_role("button", name="Mudar").click()
    await expect(desktop_page.get_by_label("Minha disponibilidade")).to_have_value("false")
    team: Any = chat_desk.api("GET", "/v1/agents", chat_desk.admin_token)["items"]
    assert [a["available"] for a in team if a["name"] == "Davi Agente"] == [False]

    [session] = [
        c["value"] for c in await desktop_page.context.cookies() if c["name"] == "desk_session"
    ]
    socket_url = chat_desk.desk.replace("http://", "ws://") + "/desk/chat/ws"
    cookie = {"Cookie": f"desk_session={session}"}
    async with websockets.connect(
        socket_url, origin=Origin("http://evil.example"), additional_headers=cookie
    ) as foreign:
        with pytest.raises(ConnectionClosed) as closed:
            await foreign.recv()
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 4401
    async with websockets.connect(
        socket_url, origin=Origin(chat_desk.desk), additional_headers=cookie
    ) as own:
        hello = json.loads(await own.recv())
    assert hello["type"] == "hello"
    assert hello["agent"]["name"] == "Davi Agente"
