"""A real browser for page tests: Playwright for Python driving Debian's Chromium, with axe-core
(npm, pinned in package-lock.json) run on each page, and screenshots on request.

`make browser-tools` (part of `make test`) installs Chromium and axe-core when missing. Pages are
checked at a desktop and a phone size, because layout faults show only on the phone. An HTTP
client alone misses what browsers send (Origin, cookies, referrer policy), hence a browser.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, BrowserContext, Page, ViewportSize, async_playwright

from tests.support.processes import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = ViewportSize(width=1280, height=800)
PHONE = ViewportSize(width=390, height=844)
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
BLOCKING_IMPACTS = ("critical", "serious")


@dataclass(frozen=True, slots=True)
class AxeReport:
    """What axe-core found on one page: rule id and impact of each violation, with targets."""

    url: str
    violations: tuple[dict[str, Any], ...]

    def count(self, impact: str) -> int:
        return sum(1 for v in self.violations if v["impact"] == impact)

    def blocking(self) -> list[str]:
        """`rule (impact): targets` for each critical or serious violation."""
        return [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:5]}"
            for v in self.violations
            if v["impact"] in BLOCKING_IMPACTS
        ]

    def summary(self) -> str:
        counts = ", ".join(f"{i} {self.count(i)}" for i in ("critical", "serious", "moderate"))
        return f"axe {self.url}: {counts}, minor {self.count('minor')}"


@functools.cache
def axe_source() -> str:
    if not CHROMIUM.exists() or not AXE.exists():
        pytest.fail("browser tools missing: run `make browser-tools` (Chromium, axe-core)")
    return AXE.read_text()


async def axe_report(page: Page) -> AxeReport:
    """Run axe-core on the page as it is now. Evaluated over the DevTools protocol, which the
    pages' strict CSP does not govern, so the pages keep their real headers while tested."""
    if not await page.evaluate("typeof window.axe !== 'undefined'"):
        await page.evaluate(axe_source())
    result = await page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return AxeReport(url=page.url, violations=tuple(result["violations"]))


async def assert_accessible(page: Page) -> AxeReport:
    """0 critical and 0 serious axe-core violations on the page; the counts are printed."""
    report = await axe_report(page)
    print(report.summary())
    assert report.blocking() == [], report.blocking()
    return report


async def horizontal_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: nothing cut off or scrolled)."""
    width: int = await page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    return width


async def screenshot(page: Page, name: str) -> None:
    """A full-page PNG in $HELPDESK_SCREENSHOTS (set by `make screenshots`); else nothing."""
    folder = os.environ.get("HELPDESK_SCREENSHOTS")
    if not folder:
        return
    size = page.viewport_size or DESKTOP
    label = "phone" if size["width"] < 600 else "desktop"
    safe = re.sub(r"[^\w.-]+", "-", name)
    path = ROOT / folder / f"{safe}-{label}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(path), full_page=True)


@pytest.fixture(scope="session")
async def chromium() -> AsyncIterator[Browser]:
    axe_source()  # fails at once when the browser tools are missing
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        await browser.close()


@pytest.fixture(params=sorted(VIEWPORTS))
async def context(
    chromium: Browser, request: pytest.FixtureRequest
) -> AsyncIterator[BrowserContext]:
    """A fresh browser profile (no cookies) at desktop and at phone size, speaking pt-BR."""
    opened = await chromium.new_context(
        viewport=VIEWPORTS[request.param], locale="pt-BR", is_mobile=request.param == "phone"
    )
    opened.set_default_timeout(20_000)
    yield opened
    await opened.close()


@pytest.fixture
async def page(context: BrowserContext) -> AsyncIterator[Page]:
    opened = await context.new_page()
    yield opened
    await opened.close()


@pytest.fixture
async def desktop_page(chromium: Browser) -> AsyncIterator[Page]:
    """A page in a fresh profile at 1280×800, speaking pt-BR (one size: a workspace page)."""
    opened = await chromium.new_context(viewport=DESKTOP, locale="pt-BR")
    opened.set_default_timeout(20_000)
    yield await opened.new_page()
    await opened.close()
