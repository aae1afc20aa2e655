"""Every customer page (portal, web form, chat widget, help article) loads the one shared
stylesheet (helpdesk_pages) from its own service, under its Content-Security-Policy, and keeps
axe's 0 critical / 0 serious."""

from __future__ import annotations

import pytest
from playwright.async_api import Browser

from tests.browser.conftest import PagesSystem
from tests.support.browser import VIEWPORTS, assert_accessible

pytestmark = pytest.mark.e2e
SHARED_SHEET_RULES = """() => [...document.styleSheets]
  .filter((sheet) => sheet.href && new URL(sheet.href).pathname === "/assets/helpdesk.css")
  .map((sheet) => sheet.cssRules.length)"""
FOCUS_RING = "rgb(242, 169, 0)"  # --hd-focus


async def test_every_customer_page_uses_the_shared_stylesheet(
    chromium: Browser, pages_system: PagesSystem
) -> None:
    context = await chromium.new_context(viewport=VIEWPORTS["desktop"], locale="pt-BR")
    context.set_default_timeout(20_000)
    page = await context.new_page()
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security" in message.text else None
        ),
    )
    pages = {
        "portal": pages_system.portal,
        "form": f"{pages_system.url('intake')}/form",
        "widget": f"{pages_system.url('chat')}/widget",
        "help": f"{pages_system.url('chat')}/kb/pt-BR/anexos",
    }
    try:
        for name, address in pages.items():
            await page.goto(address)
            assert await page.evaluate(SHARED_SHEET_RULES) not in ([], [0]), name
            await page.locator("a, button").first.focus()
            await page.keyboard.press("Tab")
            outline = await page.evaluate("getComputedStyle(document.activeElement).outlineColor")
            assert outline == FOCUS_RING, name
            await assert_accessible(page)
        assert refused == []
    finally:
        await context.close()
