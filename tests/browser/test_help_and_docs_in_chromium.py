"""Help articles and the developer documentation pages, in Chromium with no internet: articles
are rendered HTML that fits a phone, with a search box and a 404 in the visitor's language;
/docs, /redoc and /asyncapi draw their content from assets the services serve themselves."""

from __future__ import annotations

import pytest
from playwright.async_api import Page, Route, expect

from tests.browser.conftest import PagesSystem
from tests.support.browser import assert_accessible, horizontal_overflow, screenshot

pytestmark = pytest.mark.e2e  # the page services run as separate processes


async def offline(page: Page, base_url: str) -> list[str]:
    """Refuse every request that leaves `base_url` (as a machine without internet would);
    the list fills with what the page tried to fetch elsewhere."""
    elsewhere: list[str] = []

    async def route(intercepted: Route) -> None:
        if intercepted.request.url.startswith(base_url):
            await intercepted.continue_()
        else:
            elsewhere.append(intercepted.request.url)
            await intercepted.abort()

    await page.route("**/*", route)
    return elsewhere


async def test_help_article_is_rendered_and_searchable_on_desktop_and_phone(
    page: Page, pages_system: PagesSystem
) -> None:
    chat = pages_system.url("chat")
    elsewhere = await offline(page, chat)

    await page.goto(f"{chat}/kb/pt-BR/anexos")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Anexos")
    await assert_accessible(page)
    overflow = await horizontal_overflow(page)
    body_font = await page.evaluate("getComputedStyle(document.body).fontFamily")
    await screenshot(page, "kb-article")

    await page.get_by_role("searchbox").fill("como vejo meus chamados")
    await page.get_by_role("button", name="Buscar").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Resultados")
    await expect(page.get_by_role("link", name="Meus chamados").first).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "kb-search")

    missing = await page.goto(f"{chat}/kb/pt-BR/nao-existe")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Artigo não encontrado")
    await assert_accessible(page)
    await screenshot(page, "kb-not-found")

    assert overflow == 0
    assert "monospace" not in body_font
    assert await page.locator("meta[name=viewport]").count() == 1
    assert missing is not None
    assert missing.status == 404
    assert elsewhere == []


async def test_article_markdown_becomes_html(page: Page, pages_system: PagesSystem) -> None:
    await page.goto(f"{pages_system.url('chat')}/kb/en/attachments")

    assert await page.locator("main p").count() > 1
    assert "**" not in await page.locator("main").inner_text()
    assert "# " not in await page.locator("main").inner_text()


async def test_api_and_event_docs_render_without_internet(
    page: Page, pages_system: PagesSystem
) -> None:
    tickets = pages_system.url("tickets")
    elsewhere = await offline(page, tickets)

    await page.goto(f"{tickets}/docs")
    await expect(page.locator(".swagger-ui .opblock").first).to_be_visible()
    await screenshot(page, "docs-swagger")
    await page.goto(f"{tickets}/redoc")
    await expect(page.locator("redoc .api-content h1").first).to_be_visible()
    await expect(page.get_by_text("/v1/customer/tickets").first).to_be_attached()
    await screenshot(page, "docs-redoc")
    await page.goto(f"{tickets}/asyncapi")
    await expect(page.get_by_role("heading", name="ticket.created.v1")).to_be_visible()
    await assert_accessible(page)
    await screenshot(page, "docs-asyncapi")

    assert elsewhere == []
