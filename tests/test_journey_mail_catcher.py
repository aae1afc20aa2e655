"""The mail catcher `make run` starts: what notify sends lands in Mailpit, whose page and API a
newcomer and the tests read. Real intake, tickets and notify processes, real broker and database,
the Mailpit binary deploy/mailpit.py builds (skipped, with the build's error, when it cannot)."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from deploy.mailpit import MailpitUnavailable, build_mailpit, mailpit_command
from tests.journeys.mail import SUPPORT_ADDRESS, SUPPORT_DOMAIN, customer_email, send
from tests.journeys.services import running_services
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(1800)]  # the first build takes minutes


class Mailpit:
    def __init__(self, folder: Path) -> None:
        self.smtp_port, self.web_port = free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.web_port}"
        self.folder = folder

    def api(self, path: str) -> Any:
        answer = httpx.get(f"{self.url}/api/v1/{path}", timeout=10)
        answer.raise_for_status()
        return answer.json()

    def messages_to(self, address: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = self.api("messages")["messages"]
        return [m for m in messages if any(to["Address"] == address for to in m["To"])]

    @staticmethod
    def ready(url: str) -> bool:
        try:
            return httpx.get(f"{url}/readyz", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False


@pytest.fixture(scope="module")
def mailpit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mailpit]:
    try:
        binary = build_mailpit()
    except MailpitUnavailable as failure:
        pytest.skip(f"Mailpit cannot be built here: {failure}")
    catcher = Mailpit(tmp_path_factory.mktemp("mailpit"))
    command = mailpit_command(
        binary,
        smtp_port=catcher.smtp_port,
        web_port=catcher.web_port,
        data=catcher.folder / "mailpit.db",
    )
    with (catcher.folder / "mailpit.log").open("ab") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log)
    try:
        eventually(lambda: Mailpit.ready(catcher.url), timeout=30, what="Mailpit ready")
        yield catcher
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="module")
def intake_smtp_port(
    infrastructure: Infrastructure, mailpit: Mailpit, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[int]:
    """intake, tickets and notify running; notify sends through Mailpit. Yields intake's SMTP."""
    run = IsolatedRun(infrastructure)
    intake_smtp = free_port()
    settings = {
        "intake": {
            "HELPDESK_SMTP_PORT": str(intake_smtp),
            "HELPDESK_SUPPORT_ADDRESSES": f'["{SUPPORT_ADDRESS}"]',
            "HELPDESK_OWN_ADDRESSES": f'["naoresponda@{SUPPORT_DOMAIN}"]',
        },
        "tickets": {},
        "notify": {
            "HELPDESK_SMTP_HOST": "127.0.0.1",
            "HELPDESK_SMTP_PORT": str(mailpit.smtp_port),
            "HELPDESK_MAIL_DOMAIN": SUPPORT_DOMAIN,
        },
    }
    try:
        with running_services(run, tmp_path_factory.mktemp("mail"), settings):
            yield intake_smtp
    finally:
        asyncio.run(run.clean_up())


def test_the_acknowledgement_of_an_emailed_ticket_shows_in_the_mail_catcher(
    mailpit: Mailpit, intake_smtp_port: int
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer = f"ana.{tag}@example.com.br"
    subject = f"Boleto {tag} em dobro"
    email = customer_email(sender=customer, to=SUPPORT_ADDRESS, subject=subject, text="Oi")
    send(intake_smtp_port, email)

    [summary] = eventually(lambda: mailpit.messages_to(customer), timeout=90, what="a mail")
    assert summary["Subject"].startswith("[#")
    assert subject in summary["Subject"]
    message = mailpit.api(f"message/{summary['ID']}")
    assert message["Text"].strip()
    assert "<html" in message["HTML"].lower()
    headers = {k.lower(): v for k, v in mailpit.api(f"message/{summary['ID']}/headers").items()}
    assert headers["message-id"]


def test_the_mail_catchers_page_ships_its_web_assets(mailpit: Mailpit) -> None:
    page = httpx.get(mailpit.url + "/", timeout=10)
    assert page.status_code == 200
    assert "dist/app.js" in page.text
    script = httpx.get(mailpit.url + "/dist/app.js", timeout=10)
    assert script.status_code == 200
    assert len(script.content) > 100_000  # the built Vue application, not an empty stub
