""" "Meus chamados" as a customer uses it in Chromium, on a desktop and on a phone: the e-mailed
sign-in link, the list, a ticket, a comment, marking it resolved and rating the service; every
page passes axe-core with no critical or serious violation."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import PagesSystem
from tests.support.browser import assert_accessible, horizontal_overflow, screenshot

pytestmark = pytest.mark.e2e  # the page services run as separate processes


def new_customer() -> str:
    return f"ana.{uuid.uuid4().hex[:8]}@example.com.br"


async def sign_in(page: Page, system: PagesSystem, email: str) -> None:
    """Ask for a link on the portal, open the e-mailed link, press «Entrar»."""
    await page.goto(system.portal)
    await assert_accessible(page)
    await screenshot(page, "portal-ask-link")
    await page.get_by_label("E-mail").fill(email)
    await page.get_by_role("button", name="Enviar link de acesso").click()
    await expect(page.get_by_role("status")).to_contain_text("link")
    [link] = [u for u in system.links_in(system.mail(email, "magic_link")) if "code=" in u]
    await page.goto(link)
    await assert_accessible(page)
    await screenshot(page, "portal-enter")
    await page.get_by_role("button", name="Entrar").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Meus chamados")


async def test_customer_signs_in_comments_resolves_and_rates_in_chromium(
    page: Page, pages_system: PagesSystem
) -> None:
    email = new_customer()
    waiting = pages_system.open_ticket(email, "Nota fiscal de novembro", "Cliente pediu a nota.")
    pages_system.agent("PATCH", f"/v1/tickets/{waiting}", status="pending")
    number = pages_system.open_ticket(email, "Segunda via do boleto", "Cliente pediu o boleto.")
    pages_system.agent(
        "POST", f"/v1/tickets/{number}/replies", text="Já reenviamos o boleto por e-mail."
    )

    await sign_in(page, pages_system, email)
    await screenshot(page, "portal-my-tickets")
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await expect(page.get_by_role("cell", name="Em andamento")).to_be_visible()
    await expect(page.get_by_role("cell", name="Aguardando sua resposta")).to_be_visible()

    await page.get_by_role("link", name=str(number)).click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Segunda via do boleto")
    await expect(page.get_by_text("Já reenviamos o boleto por e-mail.")).to_be_visible()
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "portal-ticket")

    await page.get_by_label("Sua mensagem").fill("   \n  ")
    await page.get_by_role("button", name="Enviar mensagem").click()
    await expect(page.get_by_role("alert")).to_contain_text("Escreva uma mensagem")
    await page.get_by_label("Sua mensagem").fill("Recebi, obrigado!")
    await page.get_by_role("button", name="Enviar mensagem").click()
    await expect(page.get_by_text("Recebi, obrigado!")).to_be_visible()

    await page.get_by_role("button", name="Marcar como resolvido").click()
    await expect(page.locator(".status").first).to_have_text("Resolvido")
    await assert_accessible(page)
    await screenshot(page, "portal-rate")

    await page.get_by_label("5 – Muito satisfeito").check()
    await page.get_by_label("Comentário (opcional)").fill("Rápido!")
    await page.get_by_role("button", name="Enviar avaliação").click()
    await expect(page.get_by_text(re.compile("Você avaliou"))).to_be_visible()
    await assert_accessible(page)


async def test_rating_link_of_the_resolution_mail_rates_once_without_signing_in(
    page: Page, pages_system: PagesSystem
) -> None:
    email = new_customer()
    number = pages_system.open_ticket(email, "Troca de plano", "Cliente quer mudar de plano.")
    pages_system.agent("PATCH", f"/v1/tickets/{number}", status="resolved")
    opened_mail = pages_system.mail(email, "ticket_created")
    resolved_mail = pages_system.mail(email, "ticket_resolved")
    [rating_link] = [u for u in pages_system.links_in(resolved_mail) if "/avaliar" in u]

    await page.goto(rating_link)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Avalie o atendimento")
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "portal-rate-by-link")
    await page.get_by_label("4 – Satisfeito").check()
    await page.get_by_role("button", name="Enviar avaliação").click()
    await expect(page.get_by_role("status")).to_contain_text("nota 4 de 5")
    await page.goto(rating_link)  # the link again: the rating stands, no second form
    await expect(page.get_by_role("button", name="Enviar avaliação")).to_have_count(0)
    forged = await page.goto(rating_link.replace("token=", "token=x"))

    assert rating_link.startswith(f"{pages_system.portal}/{number}/avaliar?token=")
    assert forged is not None
    assert forged.status == 404
    for mail in (opened_mail, resolved_mail):
        assert pages_system.portal in pages_system.links_in(mail)
    stored = pages_system.agent("GET", f"/v1/tickets/{number}").json()
    assert stored["csat"]["score"] == 4
