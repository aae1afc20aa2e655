"""The web form as a customer fills it in Chromium: countries by name in the page's language,
required fields marked, subcategories of the chosen category only, files asked again after a
refused submission, and the protocol number on the confirmation page without another click."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.async_api import Page, expect

from tests.browser.conftest import PagesSystem
from tests.support.browser import assert_accessible, horizontal_overflow, screenshot

pytestmark = pytest.mark.e2e  # the page services run as separate processes


async def test_customer_fills_the_form_and_sees_the_protocol_number(
    page: Page, pages_system: PagesSystem, tmp_path: Path
) -> None:
    receipt = tmp_path / "comprovante.pdf"
    receipt.write_bytes(b"%PDF-1.4\n% comprovante\n")
    await page.goto(f"{pages_system.url('intake')}/form")
    await assert_accessible(page)
    assert await horizontal_overflow(page) == 0
    await screenshot(page, "form-blank")

    country = page.get_by_label("País")
    await expect(country.locator("option:checked")).to_have_text("Brasil")
    await country.select_option(label="Alemanha")
    await expect(page.locator("label[for=subject] .required")).to_have_text("*")
    await expect(page.get_by_label("Assunto")).to_have_attribute("required", "")
    await expect(page.locator("#subcategory")).to_be_hidden()
    await page.get_by_role("combobox", name="Categoria", exact=True).select_option(
        label="Financeiro"
    )
    offered = page.locator("#subcategory").locator("optgroup:not([hidden]) option")
    offered_labels = await offered.all_inner_texts()

    tag = uuid.uuid4().hex[:8]
    await page.get_by_label("Nome").fill("Ana Souza")
    await page.get_by_label("E-mail").fill(f"ana.{tag}@example.com.br")
    await page.get_by_label("Telefone (com DDD)").fill("(11) 98765-4321")  # not a German number
    await page.locator("#subcategory").select_option(label="Nota fiscal")
    await page.get_by_label("Assunto").fill("Nota fiscal de novembro")
    await page.get_by_label("Descrição").fill(f"Preciso da nota fiscal de novembro (pedido {tag}).")
    await page.get_by_label("Anexos").set_input_files(str(receipt))
    await page.get_by_role("button", name="Enviar").click()

    await expect(page.get_by_role("alert")).to_contain_text("Telefone")
    await expect(page.locator("#files-again")).to_contain_text("comprovante.pdf")
    await expect(page.get_by_label("Assunto")).to_have_value("Nota fiscal de novembro")
    await expect(page.locator("#subcategory")).to_have_value("nota-fiscal")
    await assert_accessible(page)
    await screenshot(page, "form-refused")

    await page.get_by_label("País").select_option(label="Brasil")
    await page.get_by_label("Anexos").set_input_files(str(receipt))
    await page.get_by_role("button", name="Enviar").click()
    number = page.locator("#ticket-number")
    await expect(number).to_have_text(re.compile(r"^\d+$"), timeout=60_000)
    await assert_accessible(page)
    await screenshot(page, "form-confirmation")

    assert offered_labels == ["Boleto e segunda via", "Nota fiscal", "Cobrança indevida"]
