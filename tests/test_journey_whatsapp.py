"""A WhatsApp customer, end to end as `make run` wires it: the customer command signs a webhook for
intake, tickets opens the ticket, notify answers through the development Cloud API sandbox (free
text inside the 24-hour window, an approved template outside it). Real processes, real broker
and database."""

from __future__ import annotations

import asyncio
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.journeys.mail import RelayServer
from tests.journeys.services import running_services
from tests.journeys.system import admin_command
from tests.journeys.whatsapp import Sandbox, running_sandbox
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, free_port

pytestmark = pytest.mark.e2e
WAIT_S = 60


@dataclass
class WhatsAppDesk:
    sandbox: Sandbox
    processes: dict[str, ServiceProcess]
    agent_token: str

    def agent(self, method: str, path: str, **kwargs: Any) -> Any:
        answer = httpx.request(
            method,
            self.processes["tickets"].url + path,
            headers={"Authorization": f"Bearer {self.agent_token}"},
            timeout=30,
            **kwargs,
        )
        assert answer.status_code in (200, 201), f"{path}: {answer.status_code} {answer.text}"
        return answer.json()


@pytest.fixture(scope="module")
def desk(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WhatsAppDesk]:
    run = IsolatedRun(infrastructure)
    folder = tmp_path_factory.mktemp("whatsapp")
    intake_port = free_port()
    try:
        with RelayServer() as relay, running_sandbox(folder, intake_port) as sandbox:
            settings = {
                "intake": {**sandbox.intake_settings(), "HELPDESK_SMTP_PORT": str(free_port())},
                "tickets": {},
                "notify": {
                    **sandbox.notify_settings(),
                    "HELPDESK_SMTP_HOST": "127.0.0.1",
                    "HELPDESK_SMTP_PORT": str(relay.port),
                },
            }
            ports = {"intake": intake_port}
            with running_services(run, folder, settings, ports) as processes:
                token = admin_command(run, "issue-token", "--name", "Bruna Atendente")
                yield WhatsAppDesk(sandbox, processes, token)
    finally:
        asyncio.run(run.clean_up())


def ticket_about(desk: WhatsAppDesk, tag: str) -> int:
    """The ticket whose messages carry the tag."""

    def found() -> int | None:
        for item in desk.agent("GET", "/v1/tickets")["items"]:
            ticket = desk.agent("GET", f"/v1/tickets/{item['number']}")
            if any(tag in str(comment.get("text")) for comment in ticket["comments"]):
                return int(ticket["number"])
        return None

    return eventually(found, timeout=WAIT_S, what=f"a ticket about {tag}")


def test_intake_answers_metas_handshake_with_the_development_verify_token(
    desk: WhatsAppDesk,
) -> None:
    query = {
        "hub.mode": "subscribe",
        "hub.verify_token": desk.sandbox.config.verify_token,
        "hub.challenge": "1158201444",
    }
    url = desk.processes["intake"].url + "/v1/whatsapp/webhook"
    answer = httpx.get(url, params=query, timeout=10)
    assert (answer.status_code, answer.text) == (200, "1158201444")


def test_a_whatsapp_customer_gets_a_template_outside_the_window_and_text_inside_it(
    desk: WhatsAppDesk,
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer = f"55119{random.randrange(10**8):08d}"
    printed = desk.sandbox.customer_writes(customer, f"Pedido {tag} não chegou", hours_ago=25)
    assert "intake accepted it" in printed

    number = ticket_about(desk, tag)
    assert desk.agent("GET", f"/v1/tickets/{number}")["subject"] == f"Pedido {tag} não chegou"
    desk.agent("POST", f"/v1/tickets/{number}/replies", json={"text": f"Olá! Vamos ver {tag}."})

    def sent_as(template: str) -> dict[str, Any] | None:
        return next((m for m in desk.sandbox.outbound(customer) if m["template"] == template), None)

    eventually(lambda: sent_as("helpdesk_ticket_created"), timeout=WAIT_S, what="created notice")
    outside = eventually(lambda: sent_as("helpdesk_agent_reply"), timeout=WAIT_S, what="reply")
    assert str(number) in outside["text"]
    assert tag in outside["text"]
    assert outside["language"] == "pt_BR"

    desk.sandbox.customer_writes(customer, f"Ainda aguardo o pedido {tag}")
    eventually(
        lambda: len(desk.agent("GET", f"/v1/tickets/{number}")["comments"]) >= 3,
        timeout=WAIT_S,
        what="the customer's second message on the same ticket",
    )
    desk.agent("POST", f"/v1/tickets/{number}/replies", json={"text": f"Saiu hoje, {tag}."})

    def free_text() -> dict[str, Any] | None:
        texts = [m for m in desk.sandbox.outbound(customer) if m["template"] is None]
        return texts[0] if texts else None

    inside = eventually(free_text, timeout=WAIT_S, what="the reply as free text")
    assert f"Saiu hoje, {tag}." in inside["text"]
    assert inside["error"] is None
    assert all(m["error"] is None for m in desk.sandbox.outbound(customer))
    page = httpx.get(desk.sandbox.config.sandbox_url + "/", timeout=10).text
    assert f"+{customer}" in page
    assert "helpdesk_agent_reply" in page
    assert f"Saiu hoje, {tag}." in page


def test_a_customer_writing_now_gets_the_acknowledgement_as_free_text(desk: WhatsAppDesk) -> None:
    customer = f"55219{random.randrange(10**8):08d}"
    tag = uuid.uuid4().hex[:8]
    desk.sandbox.customer_writes(customer, f"Oi, minha fatura {tag} veio errada")

    [acknowledgement] = eventually(
        lambda: desk.sandbox.outbound(customer), timeout=WAIT_S, what="the acknowledgement"
    )
    assert acknowledgement["template"] is None
    assert acknowledgement["error"] is None
    assert "Protocolo" in acknowledgement["text"]

    def delivered() -> bool:
        answer = httpx.get(
            desk.processes["notify"].url + "/v1/deliveries",
            params={"ticket": ticket_about(desk, tag)},
            headers={"Authorization": f"Bearer {desk.agent_token}"},
            timeout=10,
        )
        items = answer.json()["items"]
        return any(d["channel"] == "whatsapp" and d["status"] == "delivered" for d in items)

    eventually(delivered, timeout=WAIT_S, what="the sandbox's status callbacks reach notify")
