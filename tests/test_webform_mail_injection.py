"""A web-form name or subject cannot turn the confirmation e-mail against anyone: intake, tickets
and notify as real processes, the confirmation caught by a real aiosmtpd relay on loopback.

The issue's payload is an encoded word carrying CR/LF (`Reply-To:` injection, CVE-2024-6923 on
Python 3.11.7); a long name listing addresses must stay one quoted display name in To."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest

from tests.journeys.mail import SUPPORT_DOMAIN, CapturingRelay, RelayServer, body_text
from tests.journeys.system import closed_calendar, environments
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, free_port

pytestmark = pytest.mark.e2e
INJECTION = "=?utf-8?q?Cliente=0D=0AReply-To=3A_x=40evil.example?="
SERVICES = ("intake", "tickets", "notify")


class WebFormToMail:
    def __init__(self, intake_url: str, relay: CapturingRelay) -> None:
        self.intake_url, self.relay = intake_url, relay

    def confirmation_for(self, *, name: str, subject: str) -> tuple[str, EmailMessage]:
        """Submit the web form; the confirmation notify hands to the relay."""
        email = f"cliente.{uuid.uuid4().hex[:8]}@example.com.br"
        form = {
            "name": name, "email": email, "category": "financeiro", "subcategory": "boleto",
            "subject": subject, "description": "O boleto de março não chegou.",
        }  # fmt: skip
        answer = httpx.post(f"{self.intake_url}/v1/webform", json=form, timeout=30)
        assert answer.status_code == 202, answer.text
        mail = self.relay.wait_for(email, "the confirmation", lambda m: True, timeout=120)
        return email, mail


def ready(process: ServiceProcess) -> Callable[[], bool]:
    return lambda: process.ready_status() == 200


@pytest.fixture(scope="module")
def desk(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WebFormToMail]:
    run, folder = IsolatedRun(infrastructure), tmp_path_factory.mktemp("mail-injection")
    with RelayServer() as relay:
        env = environments(run, relay.port, free_port(), closed_calendar(folder))
        processes = [ServiceProcess(name, env[name], Path(folder)).start() for name in SERVICES]
        try:
            for process in processes:
                eventually(ready(process), timeout=120, what=f"{process.service} ready")
            yield WebFormToMail(processes[0].url, relay.relay)
        finally:
            for process in processes:
                process.stop()


def test_an_encoded_crlf_in_name_and_subject_injects_no_reply_to_and_no_body_line(
    desk: WebFormToMail,
) -> None:
    email, mail = desk.confirmation_for(name=INJECTION, subject=INJECTION)

    [reply_to] = mail.get_all("Reply-To") or []
    assert str(reply_to).startswith("suporte+")
    assert str(reply_to).endswith(f"@{SUPPORT_DOMAIN}")
    [to] = mail["To"].addresses
    assert (to.display_name, to.addr_spec) == ("Cliente Reply-To: x@evil.example", email)
    assert not {"\r", "\n"} & set(str(mail["Subject"]))
    assert "evil.example" not in "".join(
        f"{k}{v}" for k, v in mail.items() if k not in {"To", "Subject"}
    )
    assert body_text(mail).splitlines()[0] == "Olá, Cliente!"


def test_a_long_name_listing_addresses_stays_one_quoted_display_name(desk: WebFormToMail) -> None:
    name = "Maria <maria@example.com>, Joao <joao@example.com>, Pedro Oliveira <pedro@example.com>"
    email, mail = desk.confirmation_for(name=name, subject="Segunda via do boleto")

    [to] = mail["To"].addresses
    assert to.addr_spec == email
    assert to.display_name.startswith("Maria <maria@example.com>, Joao")
