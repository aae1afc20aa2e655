"""The services that serve pages, as real processes on one isolated run, for a real browser:
tickets ("Meus chamados"), notify (its mails, caught by a loopback relay, carry the portal's
links), chat (widget, help articles) and intake (web form)."""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

import httpx

from tests.journeys.mail import SUPPORT_DOMAIN, CapturingRelay, RelayServer, body_text
from tests.journeys.system import admin_command
from tests.support.browser import chromium, context, page
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually
from tests.support.shared import shared_fixture

__all__ = ["chromium", "context", "page"]
MAIL_WAIT_S = 60


@dataclass
class PagesSystem:
    processes: dict[str, ServiceProcess]
    relay: CapturingRelay
    agent_token: str

    def url(self, service: str) -> str:
        return self.processes[service].url

    @property
    def portal(self) -> str:
        return f"{self.url('tickets')}/meus-chamados"

    def agent(self, method: str, path: str, **json: object) -> httpx.Response:
        """An agent's call to the tickets API (201/200 expected)."""
        answer = httpx.request(
            method,
            self.url("tickets") + path,
            json=json or None,
            headers={"Authorization": f"Bearer {self.agent_token}"},
            timeout=30,
        )
        assert answer.status_code in (200, 201), f"{method} {path}: {answer.text}"
        return answer

    def open_ticket(self, email: str, subject: str, text: str) -> int:
        """A ticket an agent registers for the customer `email` (a phone call)."""
        opened = self.agent(
            "POST",
            "/v1/tickets",
            caller={"name": "Ana Souza", "email": email},
            subject=subject,
            text=text,
        )
        number: int = opened.json()["number"]
        return number

    def mail(self, address: str, kind: str) -> EmailMessage:
        """The e-mail of notification `kind` to `address`, once notify relayed it."""
        return self.relay.wait_for(
            address,
            kind,
            lambda m: m["X-Helpdesk-Notification"] == kind,
            timeout=MAIL_WAIT_S,
        )

    def links_in(self, mail: EmailMessage) -> list[str]:
        return re.findall(r"https?://[^\s<>\"]+", body_text(mail))


@contextlib.contextmanager
def pages_running(infrastructure: Infrastructure, folder: Path) -> Iterator[PagesSystem]:
    run, logs = IsolatedRun(infrastructure), folder / "logs"
    fast = {"HELPDESK_OUTBOX_POLL_S": "0.2"}
    try:
        with RelayServer() as relay:
            processes = {
                name: ServiceProcess(name, run.environment(**fast), logs)
                for name in ("tickets", "notify", "chat", "intake")
            }
            portal = f"{processes['tickets'].url}/meus-chamados"
            processes["tickets"].environment.update(
                HELPDESK_CUSTOMER_PORTAL_URL=portal,
                HELPDESK_INTAKE_PUBLIC_URL=processes["intake"].url,  # its files' signed links
                HELPDESK_CHAT_PUBLIC_URL=processes["chat"].url,
            )
            # agents answer chats at any hour (the widget's typing test hands over to one)
            processes["chat"].environment["HELPDESK_CALENDAR_NAME"] = "24x7"
            processes["notify"].environment.update(
                HELPDESK_SMTP_HOST="127.0.0.1",
                HELPDESK_SMTP_PORT=str(relay.port),
                HELPDESK_MAIL_DOMAIN=SUPPORT_DOMAIN,
                HELPDESK_BRAND="Acme",
                HELPDESK_CUSTOMER_PORTAL_URL=portal,
            )
            try:
                for process in processes.values():
                    process.start()
                for process in processes.values():
                    eventually(
                        lambda p=process: p.ready_status() == 200,  # type: ignore[misc]
                        timeout=90,
                        what=f"{process.service} ready",
                    )
                token = admin_command(run, "issue-token", "--name", "Bruna Atendente")
                yield PagesSystem(processes, relay.relay, token)
            finally:
                for process in processes.values():
                    process.stop()
    finally:
        asyncio.run(run.clean_up())


pages_system = shared_fixture("pages_system", pages_running)
