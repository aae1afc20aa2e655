""" "Meus chamados" as a customer uses it in Chromium, on a desktop and on a phone: the e-mailed
sign-in link, the list, a ticket, a comment, marking it resolved and rating the service; every
page passes axe-core with no critical or serious violation."""

from __future__ import annotations

import asyncio
import re
import uuid
from pathlib import Path

import httpx
import pytest
from playwright.async_api import FilePayload, Page, expect

from tests.browser.conftest import PagesSystem
from tests.support.browser import assert_accessible, horizontal_overflow, screenshot
from tests.support.processes import eventually

pytestmark = pytest.mark.e2e  # the page services run as separate processes
PDF = b"%PDF-1.4 comprovante " + uuid.uuid4().bytes
PNG = b"\x89PNG\r\n\x1a\n" + uuid.uuid4().bytes


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


def web_form_ticket(system: PagesSystem, email: str, file: tuple[str, bytes, str]) -> int:
    """A ticket the customer opens on intake's web form with `file`, once tickets has it."""
    fields = {
        "name": "Ana Souza",
        "email": email,
        "category": "financeiro",
        "subcategory": "boleto",
        "subject": "Boleto pago em dobro",
        "description": "Paguei o boleto duas vezes; segue o comprovante.",
    }
    sent = httpx.post(
        f"{system.url('intake')}/v1/webform", data=fields, files=[("attachments", file)], timeout=30
    )
    assert sent.status_code == 202, sent.text
    status_url = f"{system.url('intake')}{sent.json()['status_url']}"

    def opened() -> int | None:
        number: int | None = httpx.get(status_url, timeout=10).json()["ticket_number"]
        return number

    return eventually(opened, timeout=60, what="the web form's ticket")


def reply_with_file(system: PagesSystem, number: int, file: tuple[str, bytes, str]) -> str:
    """An agent's reply carrying `file` (uploaded first, as the API asks); the file's id."""
    uploaded = httpx.post(
        f"{system.url('tickets')}/v1/uploads",
        files=[("files", file)],
        headers={"Authorization": f"Bearer {system.agent_token}"},
        timeout=30,
    )
    assert uploaded.status_code == 201, uploaded.text
    file_id: str = uploaded.json()["attachments"][0]["attachment_id"]
    system.agent("POST", f"/v1/tickets/{number}/replies", text="Segue.", attachments=[file_id])
    return file_id


async def test_customer_downloads_their_files_attaches_one_and_cannot_open_anothers_in_chromium(
    page: Page, pages_system: PagesSystem
) -> None:
    email, someone_else = new_customer(), new_customer()
    number = web_form_ticket(pages_system, email, ("comprovante.pdf", PDF, "application/pdf"))
    reply_with_file(pages_system, number, ("estorno.png", PNG, "image/png"))
    theirs = pages_system.open_ticket(someone_else, "Contrato", "Cliente pediu o contrato.")
    their_file = reply_with_file(pages_system, theirs, ("contrato.pdf", PDF, "application/pdf"))

    await sign_in(page, pages_system, email)
    await page.get_by_role("link", name=str(number)).click()
    async with page.expect_download() as downloading:  # from intake, by the link tickets signed
        await page.get_by_role("link", name="comprovante.pdf").click()
    download = await downloading.value
    image_url = await page.get_by_role("link", name="estorno.png").get_attribute("href")
    assert image_url is not None
    image = await page.context.request.get(f"{pages_system.url('tickets')}{image_url}")
    await page.get_by_label("Sua mensagem").fill("Segue o extrato também.")
    await page.get_by_label("Anexos (opcional)").set_input_files(
        files=FilePayload(name="extrato.png", mimeType="image/png", buffer=PNG)
    )
    await page.get_by_role("button", name="Enviar mensagem").click()
    await expect(page.get_by_role("link", name="extrato.png")).to_be_visible()
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "portal-ticket-files")
    mine = await page.context.request.get(
        f"{pages_system.url('tickets')}"
        + str(await page.get_by_role("link", name="extrato.png").get_attribute("href"))
    )
    forbidden = await page.goto(f"{pages_system.portal}/{theirs}/anexos/{their_file}")

    assert download.suggested_filename == "comprovante.pdf"
    assert (await asyncio.to_thread(Path(await download.path()).read_bytes)) == PDF
    assert image.status == 200
    assert await image.body() == PNG
    assert image.headers["content-disposition"].startswith("inline;")
    assert await mine.body() == PNG
    assert forbidden is not None
    assert forbidden.status == 404
    await expect(page.get_by_role("heading", level=1)).not_to_contain_text("Contrato")
