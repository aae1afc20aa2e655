"""A customer's browser on the "Meus chamados" pages: real HTTP, cookies kept, forms posted the
way an HTML page posts them (with the hidden fields the page rendered)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import httpx

from services.tickets.tests.integration.conftest import TicketsUnderTest

_HIDDEN = re.compile(r'<input type="hidden" name="(?P<name>[\w-]+)" value="(?P<value>[^"]*)">')


def hidden_fields(page: httpx.Response) -> dict[str, str]:
    """The hidden inputs of the page's forms (each form of a page carries the same ones)."""
    return {m["name"]: m["value"] for m in _HIDDEN.finditer(page.text)}


@dataclass
class Browser:
    tickets: TicketsUnderTest
    http: httpx.AsyncClient

    async def open(self, path_or_url: str, **headers: str) -> httpx.Response:
        return await self.http.get(path_or_url, headers=headers)

    async def submit(self, page: httpx.Response, action: str, **fields: str) -> httpx.Response:
        """Post a form of `page` (its hidden fields plus `fields`) and follow the redirect."""
        return await self.http.post(action, data={**hidden_fields(page), **fields})

    async def ask_for_link(self, email: str) -> str:
        """Ask for a link on the portal page; the link notify would mail."""
        before = len(await self.tickets.magic_links_to(email, minimum=0))
        page = await self.open("/meus-chamados")
        sent = await self.submit(page, "/meus-chamados/link", email=email)
        assert sent.status_code == 200, sent.text
        return str((await self.tickets.magic_links_to(email, minimum=before + 1))[-1]["link"])

    async def sign_in(self, email: str) -> httpx.Response:
        """Ask for a link, open it, press «Entrar»: the list of my tickets."""
        entry = await self.open(await self.ask_for_link(email))
        listed = await self.submit(entry, "/meus-chamados/entrar")
        assert listed.status_code == 200, listed.text
        return listed


def new_browser(tickets: TicketsUnderTest, **headers: str) -> Browser:
    client = httpx.AsyncClient(base_url=tickets.url, follow_redirects=True, headers=headers)
    return Browser(tickets, client)
