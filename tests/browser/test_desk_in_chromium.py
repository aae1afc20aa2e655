"""An analyst's workspace in Chromium at 1280×800: sign in by the e-mailed link, see the
customer's new web-form ticket, reply (the customer's e-mail arrives); axe-core on every page."""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass

import pytest
from playwright.async_api import Browser, Page, ViewportSize, expect

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


@dataclass
class DeskSystem:
    desk: str
    intake: str
    relay: CapturingRelay


@pytest.fixture(scope="module")
def desk_system(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DeskSystem]:
    run = IsolatedRun(infrastructure)
    logs = tmp_path_factory.mktemp("desk-browser") / "logs"
    try:
        with (
            RelayServer() as relay,
            desk_services(run, logs, relay.port, extra=("intake",)) as running,
        ):
            admin_command(run, "issue-token", "--name", "Carla Analista", "--email", ANALYST)
            yield DeskSystem(running["desk"].url, running["intake"].url, relay.relay)
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


async def analyst_signs_in(page: Page, system: DeskSystem) -> None:
    await page.goto(f"{system.desk}/desk/")
    await expect(page.get_by_role("heading", name="Entrar")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "desk-sign-in")
    await page.get_by_label("E-mail").fill(ANALYST)
    await page.get_by_role("button", name="Enviar link de acesso").click()
    await expect(page.get_by_role("status")).to_contain_text("link de acesso")
    await assert_accessible(page)
    mail = system.relay.wait_for(
        ANALYST,
        "the workspace link",
        lambda m: m["X-Helpdesk-Notification"] == "staff_sign_in_link",
        timeout=MAIL_WAIT_S,
    )
    [link] = re.findall(r"http://\S+/desk/sign-in/enter\?code=\S+", body_text(mail))
    await page.goto(link)
    await assert_accessible(page)
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_text("Carla Analista")).to_be_visible()


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
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-ticket")
    await desk_page.get_by_role("button", name="Assumir este chamado").click()
    await expect(desk_page.get_by_text("Você é o responsável.")).to_be_visible()
    await desk_page.get_by_role("textbox", name="Responder ao cliente").fill(
        f"Segue a nota fiscal ({tag})."
    )
    await desk_page.get_by_label("Situação depois da resposta").select_option("pending")
    await desk_page.get_by_role("button", name="Enviar resposta").click()
    await expect(desk_page.get_by_role("status")).to_have_text("Feito.")
    await expect(desk_page.get_by_text(f"Segue a nota fiscal ({tag}).")).to_be_visible()
    await assert_accessible(desk_page)
    await screenshot(desk_page, "desk-ticket-replied")

    await desk_page.set_viewport_size(TABLET)  # readable on a tablet: nothing cut off
    assert await horizontal_overflow(desk_page) == 0
    await screenshot(desk_page, "desk-ticket-tablet")
    await desk_page.goto(f"{desk_system.desk}/desk/?view=all")
    assert await horizontal_overflow(desk_page) == 0

    reply = desk_system.relay.wait_for(
        customer, "the reply", lambda m: tag in body_text(m), timeout=MAIL_WAIT_S
    )
    assert f"[#{number}]" in str(reply["Subject"])
