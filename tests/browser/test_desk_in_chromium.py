"""An analyst's workspace in Chromium at 1280×800: sign in by the e-mailed link, see the
customer's new web-form ticket, reply (the customer's e-mail arrives); two analysts on one
ticket (live list, «changed by», a conflicting write explained and kept), the SLA views, merge,
keyboard shortcuts; axe-core on every page.

sla runs 20 times faster than the wall clock from the module's start, on a round-the-clock
calendar where P0 answers in 1 minute and the others in 600, with «at risk» below 99 % left:
a P0 is breached and a P1 at risk from the moment they are opened, for the whole module."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, FilePayload, Locator, Page, ViewportSize, expect

from tests.journeys.desk import desk_services
from tests.journeys.mail import CapturingRelay, RelayServer, body_text
from tests.journeys.system import admin_command
from tests.support.browser import DESKTOP, assert_accessible, horizontal_overflow, screenshot
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun

pytestmark = pytest.mark.e2e
MAIL_WAIT_S = 60
TABLET = ViewportSize(width=768, height=1024)
ANALYST = f"carla.{uuid.uuid4().hex[:6]}@equipe.example.com.br"
SECOND = f"bruno.{uuid.uuid4().hex[:6]}@equipe.example.com.br"
ROUND_THE_CLOCK = {"calendar": "24x7", "first_response_minutes": 600}
ROUND_THE_CLOCK |= {"next_response_minutes": 600, "resolution_minutes": 1200}


def sla_config(folder: Path) -> dict[str, str]:
    """sla settings: the fast clock and the targets of the module docstring."""
    config = {
        "policies": {
            "P0": {**ROUND_THE_CLOCK, "first_response_minutes": 1, "resolution_minutes": 2},
            **{p: ROUND_THE_CLOCK for p in ("P1", "P2", "P3")},
        },
        "at_risk_fraction_left": 0.99,
    }
    path = folder / "sla.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    started = datetime.now(UTC).isoformat()
    return {
        "HELPDESK_CONFIG_PATH": str(path),
        "HELPDESK_CLOCK_SPEED": "20",
        "HELPDESK_CLOCK_EPOCH": started,
        "HELPDESK_DETECTION_MAX_WAIT_S": "1",
    }


@dataclass
class DeskSystem:
    desk: str
    intake: str
    relay: CapturingRelay
    tickets: str
    admin_token: str

    async def phone_ticket(self, subject: str, *, priority: str = "P2") -> str:
        """A ticket registered by phone through tickets' agent API (each from a new caller)."""
        email = f"cliente.{uuid.uuid4().hex[:6]}@example.com.br"
        body = {"caller": {"name": "Rui Cliente", "email": email}, "subject": subject}
        body |= {"text": "Ligou pedindo ajuda.", "priority": priority}
        headers = {"Authorization": f"Bearer {self.admin_token}"}
        async with httpx.AsyncClient(headers=headers, timeout=10) as client:
            answer = await client.post(f"{self.tickets}/v1/tickets", json=body)
        answer.raise_for_status()
        return str(answer.json()["number"])


@pytest.fixture(scope="module")
def desk_system(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DeskSystem]:
    run = IsolatedRun(infrastructure)
    folder = tmp_path_factory.mktemp("desk-browser")
    logs = folder / "logs"
    sla = sla_config(folder)
    try:
        with (
            RelayServer() as relay,
            desk_services(
                run, logs, relay.port, extra=("intake",), settings={"sla": sla}
            ) as running,
        ):
            admin_command(run, "issue-token", "--name", "Carla Analista", "--email", ANALYST)
            admin_command(run, "issue-token", "--name", "Bruno Analista", "--email", SECOND)
            admin = admin_command(run, "issue-token", "--name", "Admin", "--role", "admin")
            group = {"id": "cobranca", "name": "Cobrança"}
            headers = {"Authorization": f"Bearer {admin}"}
            tickets = running["tickets"].url
            httpx.post(f"{tickets}/v1/groups", json=group, headers=headers).raise_for_status()
            yield DeskSystem(
                running["desk"].url,
                running["intake"].url,
                relay.relay,
                running["tickets"].url,
                admin,
            )
    finally:
        asyncio.run(run.clean_up())


@pytest.fixture
async def desk_page(chromium: Browser) -> AsyncIterator[Page]:
    context = await chromium.new_context(viewport=DESKTOP, locale="pt-BR")
    context.set_default_timeout(20_000)
    opened = await context.new_page()
    yield opened
    await context.close()


async def customer_sends_web_form(page: Page, system: DeskSystem, customer: str, tag: str) -> str:
    await page.goto(f"{system.intake}/form")
    await page.get_by_label("Nome").fill("Ana Souza")
    await page.get_by_label("E-mail").fill(customer)
    await page.get_by_role("combobox", name="Categoria", exact=True).select_option(
        label="Financeiro"
    )
    await page.locator("#subcategory").select_option(label="Nota fiscal")
    await page.get_by_label("Assunto").fill(f"Nota fiscal {tag}")
    await page.get_by_label("Descrição").fill("Preciso da nota fiscal de novembro.")
    await page.get_by_role("button", name="Enviar").click()
    number = page.locator("#ticket-number")
    await expect(number).to_have_text(re.compile(r"^\d+$"), timeout=60_000)
    return await number.inner_text()


async def analyst_signs_in(
    page: Page, system: DeskSystem, email: str = ANALYST, name: str = "Carla Analista"
) -> None:
    await page.goto(f"{system.desk}/desk/")
    await expect(page.get_by_role("heading", name="Entrar")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "desk-sign-in")
    await page.get_by_label("E-mail").fill(email)
    earlier = {id(m) for m in system.relay.to(email)}  # links of earlier sign-ins are spent
    await page.get_by_role("button", name="Enviar link de acesso").click()
    await expect(page.get_by_role("status")).to_contain_text("link de acesso")
    await assert_accessible(page)
    mail = system.relay.wait_for(
        email,
        "the workspace link",
        lambda m: m["X-Helpdesk-Notification"] == "staff_sign_in_link" and id(m) not in earlier,
        timeout=MAIL_WAIT_S,
    )
    [link] = re.findall(r"http://\S+/desk/sign-in/enter\?code=\S+", body_text(mail))
    await page.goto(link)
    await assert_accessible(page)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_text(name)).to_be_visible()


async def test_analyst_signs_in_sees_the_new_web_form_ticket_and_replies(
    desk_page: Page, chromium: Browser, desk_system: DeskSystem
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer = f"ana.{tag}@example.com.br"
    await analyst_signs_in(desk_page, desk_system)
    await assert_accessible(desk_page)

    await desk_page.goto(f"{desk_system.desk}/desk/?view=unassigned")
    await desk_page.wait_for_timeout(500)  # the page's event stream is open
    form_context = await chromium.new_context(viewport=DESKTOP, locale="pt-BR")
    form_page = await form_context.new_page()
    sent_at = time.monotonic()
    number = await customer_sends_web_form(form_page, desk_system, customer, tag)
    await form_context.close()
    live = desk_page.locator("#live")
    await expect(live).to_contain_text(f"Novo chamado: #{number}", timeout=30_000)
    waited = time.monotonic() - sent_at
    print(f"web form sent → announced on the analyst's open page after {waited:.1f}s")
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-live-notice")
    await expect(live.locator("li")).to_have_count(1)  # not again for its first message
    await desk_page.goto(f"{desk_system.desk}/desk/?view=unassigned")
    row = desk_page.get_by_role("link", name=f"#{number}", exact=True)
    await expect(row).to_be_visible()
    await assert_accessible(desk_page)
    assert await horizontal_overflow(desk_page) == 0
    await screenshot(desk_page, "desk-unassigned")

    await row.click()
    await expect(desk_page.get_by_role("heading", name=re.compile(f"#{number}"))).to_be_visible()
    await expect(desk_page.get_by_text("Preciso da nota fiscal de novembro.")).to_be_visible()
    history = desk_page.locator("section", has=desk_page.get_by_role("heading", name="Histórico"))
    await expect(history).to_contain_text("Prioridade — → P3 (definida pela regra: Nota fiscal)")
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-ticket")
    await desk_page.get_by_role("button", name="Assumir este chamado").click()
    await expect(desk_page.get_by_text("Você é o responsável.")).to_be_visible()
    await desk_page.get_by_role("textbox", name="Responder ao cliente").fill(
        f"Segue a nota fiscal ({tag})."
    )
    await desk_page.get_by_label("Situação depois da resposta").select_option("pending")
    invoice = FilePayload(
        name=f"nota-{tag}.pdf", mimeType="application/pdf", buffer=b"%PDF-1.4 nota " + tag.encode()
    )
    await desk_page.get_by_label("Anexar arquivos").set_input_files(invoice)
    await desk_page.get_by_role("button", name="Enviar resposta").click()
    await expect(desk_page.get_by_role("status")).to_have_text("Feito.")
    await expect(desk_page.get_by_text(f"Segue a nota fiscal ({tag}).")).to_be_visible()
    attached = desk_page.get_by_role("link", name=f"nota-{tag}.pdf")
    opened = await desk_page.request.get(
        f"{desk_system.desk}{await attached.first.get_attribute('href')}"
    )
    assert await opened.body() == invoice["buffer"]  # the file opens from the ticket page
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-ticket-replied")

    await desk_page.set_viewport_size(TABLET)  # readable on a tablet: nothing cut off
    assert await horizontal_overflow(desk_page) == 0
    await screenshot(desk_page, "desk-ticket-tablet")
    await desk_page.goto(f"{desk_system.desk}/desk/?view=all")
    assert await horizontal_overflow(desk_page) == 0

    reply = desk_system.relay.wait_for(
        customer,
        "the reply",
        lambda m: f"Segue a nota fiscal ({tag})" in body_text(m),
        timeout=MAIL_WAIT_S,
    )
    assert f"[#{number}]" in str(reply["Subject"])
    assert f"nota-{tag}.pdf" in body_text(reply)  # the e-mail names the file (portal link)


async def second_analyst_page(chromium: Browser, system: DeskSystem) -> Page:
    context = await chromium.new_context(viewport=DESKTOP, locale="pt-BR")
    context.set_default_timeout(20_000)
    page = await context.new_page()
    await analyst_signs_in(page, system, SECOND, "Bruno Analista")
    return page


async def test_two_analysts_see_each_others_changes_live_and_a_conflict_keeps_the_text(
    desk_page: Page, chromium: Browser, desk_system: DeskSystem
) -> None:
    desk = f"{desk_system.desk}/desk"
    await analyst_signs_in(desk_page, desk_system)
    bruno = await second_analyst_page(chromium, desk_system)
    await bruno.goto(f"{desk}/?view=all")
    await bruno.wait_for_timeout(500)  # the page's event stream is open
    number = await desk_system.phone_ticket("Boleto em dobro")
    row = bruno.locator(f'#ticket-list tr[data-number="{number}"]')
    await expect(row).to_be_visible()  # in the open list, without reloading
    await expect(row).to_have_class("fresh")
    await bruno.keyboard.press("j")  # shortcuts: j focuses the first row, ? shows the help
    await expect(bruno.locator("#ticket-list a").first).to_be_focused()
    await bruno.keyboard.press("?")
    await expect(bruno.get_by_role("heading", name="Atalhos de teclado")).to_be_visible()
    await assert_accessible(bruno)

    await desk_page.goto(f"{desk}/tickets/{number}")
    await bruno.goto(f"{desk}/tickets/{number}")
    await bruno.wait_for_timeout(500)
    await bruno.keyboard.press("r")
    reply = bruno.get_by_role("textbox", name="Responder ao cliente")
    await expect(reply).to_be_focused()
    await bruno.keyboard.type("Texto do Bruno, nada de n nem t")  # no shortcut while typing
    await expect(reply).to_have_value("Texto do Bruno, nada de n nem t")

    await desk_page.get_by_label("Grupo").select_option(label="Cobrança")
    await desk_page.get_by_label("Etiquetas").fill("boleto, urgente")
    await desk_page.get_by_label("Categoria", exact=True).fill("Financeiro")
    await desk_page.get_by_role("button", name="Salvar").click()
    await expect(desk_page.get_by_role("status").filter(has_text="Feito.")).to_be_visible()
    history = desk_page.locator("section", has=desk_page.get_by_role("heading", name="Histórico"))
    await expect(history).to_contain_text("Etiquetas")
    await expect(history).to_contain_text("boleto, urgente")
    await expect(history).to_contain_text("Cobrança")  # the group's name, not its id
    await expect(history).not_to_contain_text("group_id")
    await expect(history).not_to_contain_text("UTC")  # São Paulo time
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-ticket-fields")

    changed = bruno.locator("#ticket-live")
    await expect(changed).to_contain_text("Chamado alterado por Carla Analista")
    await screenshot(bruno, "desk-ticket-changed-by-other")
    await bruno.get_by_role("button", name="Enviar resposta").click()
    await expect(bruno.get_by_role("alert")).to_contain_text("nada foi gravado")
    await expect(reply).to_have_value("Texto do Bruno, nada de n nem t")
    await assert_accessible(bruno)
    await screenshot(bruno, "desk-ticket-conflict")
    await bruno.get_by_role("link", name="Recarregar o chamado").first.click()
    await expect(bruno.get_by_label("Etiquetas")).to_have_value("boleto, urgente")
    await bruno.context.close()


async def test_sla_views_show_time_left_overdue_and_merge_asks_to_confirm_other_requester(
    desk_page: Page, desk_system: DeskSystem
) -> None:
    desk = f"{desk_system.desk}/desk"
    late = await desk_system.phone_ticket("Sistema fora do ar", priority="P0")
    risky = await desk_system.phone_ticket("Segunda via da fatura", priority="P1")
    await analyst_signs_in(desk_page, desk_system)

    await desk_page.goto(f"{desk}/?view=breached")
    row = desk_page.locator(f'#ticket-list tr[data-number="{late}"]')
    await reload_until_visible(desk_page, row)
    await expect(row).to_contain_text("Sistema fora do ar")
    await expect(row).to_contain_text("min úteis de atraso")
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-sla-breached")
    await desk_page.goto(f"{desk}/?view=at_risk")
    row = desk_page.locator(f'#ticket-list tr[data-number="{risky}"]')
    await reload_until_visible(desk_page, row)
    await expect(row).to_contain_text("min úteis restantes")
    await assert_accessible(desk_page)

    await desk_page.goto(f"{desk}/tickets/{risky}")
    await desk_page.get_by_label("Protocolo que recebe as mensagens").fill(late)
    await desk_page.get_by_role("button", name="Unificar").click()
    await expect(desk_page.get_by_role("alert")).to_contain_text("clientes diferentes")
    await assert_accessible(desk_page)
    await desk_page.get_by_label("Confirmo: os chamados podem ser de clientes diferentes").check()
    await desk_page.get_by_role("button", name="Unificar").click()
    await expect(desk_page.get_by_role("heading", name=re.compile(f"#{late}"))).to_be_visible()
    await expect(desk_page.get_by_text("Feito.")).to_be_visible()


async def reload_until_visible(page: Page, row: Locator, timeout_s: float = 30) -> None:
    """sla learns of a ticket from its events: the view shows it within moments."""
    deadline = time.monotonic() + timeout_s
    while not await row.is_visible():
        assert time.monotonic() < deadline, "the ticket never appeared in the SLA view"
        await page.wait_for_timeout(500)
        await page.reload()
