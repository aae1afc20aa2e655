"""A customer signs in to "Meus chamados" by magic link, across real processes: tickets records
the request and publishes the link, notify mails it through a real SMTP relay on loopback, and
the link's code, followed once, yields the token that lists the customer's tickets."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from tests.journeys.mail import SUPPORT_DOMAIN, CapturingRelay, RelayServer, body_text
from tests.journeys.system import admin_command
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

pytestmark = pytest.mark.e2e
PORTAL = "https://suporte.acme.com.br/meus-chamados"
WAIT_S = 60


@dataclass
class SignInSystem:
    tickets: str
    relay: CapturingRelay
    agent: dict[str, str]


def _processes(run: IsolatedRun, relay_port: int, logs: Path) -> dict[str, ServiceProcess]:
    fast = {"HELPDESK_OUTBOX_POLL_S": "0.2"}
    env = {
        "tickets": run.environment(**fast, HELPDESK_CUSTOMER_PORTAL_URL=PORTAL),
        "notify": run.environment(
            **fast,
            HELPDESK_SMTP_HOST="127.0.0.1",
            HELPDESK_SMTP_PORT=str(relay_port),
            HELPDESK_MAIL_DOMAIN=SUPPORT_DOMAIN,
            HELPDESK_BRAND="Acme",
        ),
    }
    return {name: ServiceProcess(name, env[name], logs).start() for name in env}


def _ready(process: ServiceProcess) -> Callable[[], bool]:
    return lambda: process.ready_status() == 200


@pytest.fixture(scope="module")
def system(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SignInSystem]:
    run = IsolatedRun(infrastructure)
    logs = tmp_path_factory.mktemp("magic-link") / "logs"
    try:
        with RelayServer() as relay:
            processes = _processes(run, relay.port, logs)
            try:
                for process in processes.values():
                    eventually(_ready(process), timeout=90, what=f"{process.service} ready")
                token = admin_command(run, "issue-token", "--name", "Bruna Atendente")
                agent = {"Authorization": f"Bearer {token}"}
                yield SignInSystem(processes["tickets"].url, relay.relay, agent)
            finally:
                for process in processes.values():
                    process.stop()
    finally:
        asyncio.run(run.clean_up())


def sign_in_mail(system: SignInSystem, address: str) -> tuple[EmailMessage, str]:
    """The sign-in email to `address`, once it arrived, and its link's code."""
    mail = system.relay.wait_for(
        address,
        "the sign-in link",
        lambda m: m["X-Helpdesk-Notification"] == "magic_link",
        timeout=WAIT_S,
    )
    [link] = re.findall(rf"{re.escape(PORTAL)}\?\S+", body_text(mail))
    return mail, parse_qs(urlparse(link).query)["code"][0]


def test_link_emailed_to_a_customer_signs_in_once_to_their_tickets(system: SignInSystem) -> None:
    customer = f"ana.{uuid.uuid4().hex[:8]}@example.com.br"
    stranger = f"ninguem.{uuid.uuid4().hex[:8]}@example.com.br"
    opened = httpx.post(
        f"{system.tickets}/v1/tickets",
        json={
            "caller": {"name": "Ana Souza", "email": customer},
            "subject": "Segunda via do boleto",
            "text": "Cliente ligou pedindo a segunda via.",
        },
        headers=system.agent,
        timeout=30,
    )
    assert opened.status_code == 201, opened.text

    asked = [
        httpx.post(f"{system.tickets}/v1/customer/magic-link", json={"email": e}, timeout=30)
        for e in (stranger, customer)
    ]
    mail, code = sign_in_mail(system, customer)
    session = httpx.post(f"{system.tickets}/v1/customer/sessions", json={"code": code}, timeout=30)
    token = session.json()["token"]
    mine = httpx.get(
        f"{system.tickets}/v1/customer/tickets",
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    reused = httpx.post(f"{system.tickets}/v1/customer/sessions", json={"code": code}, timeout=30)

    assert [a.status_code for a in asked] == [202, 202]
    assert session.status_code == 200
    assert [t["number"] for t in mine.json()["items"]] == [opened.json()["number"]]
    assert reused.status_code == 401
    assert system.relay.to(stranger) == []
    assert mail["Subject"] == "Seu link de acesso a Meus chamados — Acme"
    assert "vale por 15 minutos" in body_text(mail)
