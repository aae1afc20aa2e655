"""The mail catcher `make run` starts: what notify sends lands in Mailpit, whose page and API a
newcomer and the tests read. Real intake, tickets and notify processes, real broker and database,
the Mailpit binary deploy/mailpit.py builds (skipped, with the build's error, when it cannot)."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from deploy.mailpit import MailpitUnavailable, build_mailpit, mailpit_command
from tests.journeys.mail import SUPPORT_ADDRESS, SUPPORT_DOMAIN, customer_email, send
from tests.journeys.services import running_services
from tests.journeys.system import admin_command
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


@dataclass
class Desk:
    """The running services: intake's SMTP door and the tickets API with an agent's token."""

    smtp_port: int
    tickets_url: str
    agent_token: str
    agent_email: str

    def agent(self, method: str, path: str, **json: Any) -> Any:
        answer = httpx.request(
            method,
            f"{self.tickets_url}{path}",
            json=json or None,
            headers={"Authorization": f"Bearer {self.agent_token}"},
            timeout=30,
        )
        assert answer.status_code in (200, 201), answer.text
        return answer.json()

    def reply(self, number: int, text: str, status: str) -> None:
        self.agent("POST", f"/v1/tickets/{number}/replies", text=text, status=status)

    def take(self, number: int) -> None:
        """The agent assigns the ticket to themselves (nobody is told: it is their own act)."""
        [me] = [
            a for a in self.agent("GET", "/v1/agents")["items"] if a["email"] == self.agent_email
        ]
        self.agent("PATCH", f"/v1/tickets/{number}", assignee_id=me["id"])


@pytest.fixture(scope="module")
def desk(
    infrastructure: Infrastructure, mailpit: Mailpit, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    """intake, tickets and notify running; notify sends through Mailpit."""
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
        with running_services(run, tmp_path_factory.mktemp("mail"), settings) as processes:
            email = f"carla.{uuid.uuid4().hex[:8]}@{SUPPORT_DOMAIN}"
            token = admin_command(run, "issue-token", "--name", "Carla Atendente", "--email", email)
            yield Desk(intake_smtp, processes["tickets"].url, token, email)
    finally:
        asyncio.run(run.clean_up())


def test_the_acknowledgement_of_an_emailed_ticket_shows_in_the_mail_catcher(
    mailpit: Mailpit, desk: Desk
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer = f"ana.{tag}@example.com.br"
    subject = f"Boleto {tag} em dobro"
    email = customer_email(sender=customer, to=SUPPORT_ADDRESS, subject=subject, text="Oi")
    send(desk.smtp_port, email)

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


def test_each_agent_action_sends_the_customer_one_email_and_their_own_reply_none(
    mailpit: Mailpit, desk: Desk
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer = f"bia.{tag}@example.com.br"
    ack, number = open_by_email(mailpit, desk, customer, f"Nota {tag}")

    desk.reply(number, "Pode me mandar o número da nota?", status="pending")
    asked = eventually(lambda: mails(mailpit, customer, 2), timeout=60, what="the reply")
    answer_by_email(desk, customer, ack, "É a 123.")  # reopens: nothing to tell the customer
    desk.reply(number, "Corrigido, obrigado!", status="resolved")
    done = eventually(lambda: mails(mailpit, customer, 3), timeout=60, what="the resolution")

    subjects = {m["Subject"] for m in done}
    assert subjects == {ack["Subject"]}  # one thread: [#N] and the ticket's subject
    replies = [mailpit.api(f"message/{m['ID']}")["Text"] for m in done[1:]]
    assert "aguardando sua resposta" in replies[0].lower()
    assert "/avaliar?token=" in replies[1]  # the resolving reply carries the rating link
    assert len(asked) == 2


def test_the_assignee_gets_one_email_when_the_customer_writes_and_none_for_staff_messages(
    mailpit: Mailpit, desk: Desk
) -> None:
    tag = uuid.uuid4().hex[:8]
    customer = f"caio.{tag}@example.com.br"
    ack, number = open_by_email(mailpit, desk, customer, f"Frete {tag}")
    desk.take(number)
    desk.agent("POST", f"/v1/tickets/{number}/notes", text=f"Ver transportadora {tag}")
    desk.reply(number, "Qual o CEP de entrega?", status="pending")
    eventually(lambda: mails(mailpit, customer, 2), timeout=60, what="the reply")

    answer_by_email(desk, customer, ack, f"CEP {tag}")
    [told] = eventually(lambda: mails(mailpit, desk.agent_email, 1), timeout=60, what="notice")
    desk.reply(number, "Entregue amanhã.", status="resolved")
    eventually(lambda: mails(mailpit, customer, 3), timeout=60, what="the resolution")

    assert len(mailpit.messages_to(desk.agent_email)) == 1  # not for the note nor the replies
    notice = mailpit.api(f"message/{told['ID']}")
    assert f"CEP {tag}" in notice["Text"]
    assert str(number) in notice["Text"]


def open_by_email(
    mailpit: Mailpit, desk: Desk, customer: str, subject: str
) -> tuple[dict[str, Any], int]:
    """The customer e-mails support; the acknowledgement they get and the ticket's number."""
    send(
        desk.smtp_port,
        customer_email(sender=customer, to=SUPPORT_ADDRESS, subject=subject, text="Oi"),
    )
    [ack] = eventually(lambda: mailpit.messages_to(customer), timeout=90, what="the ack")
    return ack, int(ack["Subject"].split("]")[0].removeprefix("[#"))


def answer_by_email(desk: Desk, customer: str, ack: dict[str, Any], text: str) -> None:
    """The customer answers in the thread of the acknowledgement."""
    subject = f"Re: {ack['Subject']}"
    send(
        desk.smtp_port,
        customer_email(sender=customer, to=SUPPORT_ADDRESS, subject=subject, text=text),
    )


def mails(mailpit: Mailpit, address: str, count: int) -> list[dict[str, Any]] | None:
    """Exactly `count` mails to `address`, oldest first (None while fewer arrived; more fails)."""
    found = sorted(mailpit.messages_to(address), key=lambda m: str(m["Created"]))
    assert len(found) <= count, [m["Subject"] for m in found]
    return found if len(found) == count else None
