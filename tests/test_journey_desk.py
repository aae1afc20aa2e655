"""An analyst's day in the workspace (`/desk/`), across real processes (tickets, sla, notify,
desk) and a real SMTP relay on loopback: sign in by the e-mailed link, find a new ticket, take
it, reply (the customer's e-mail arrives), see a conflicting write explained, sign out."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import urlparse

import httpx
import pytest

from tests.journeys.desk import desk_services
from tests.journeys.mail import CapturingRelay, RelayServer, body_text
from tests.journeys.system import admin_command
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually

pytestmark = pytest.mark.e2e
WAIT_S = 60


@dataclass
class Desk:
    url: str
    tickets: str
    relay: CapturingRelay
    admin: dict[str, str]
    analyst_email: str
    run: IsolatedRun


@pytest.fixture(scope="module")
def desk(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    run = IsolatedRun(infrastructure)
    logs = tmp_path_factory.mktemp("desk") / "logs"
    each_test_signs_in = {"HELPDESK_MAGIC_LINK_MAX_PER_WINDOW": "20"}
    try:
        with (
            RelayServer() as relay,
            desk_services(
                run, logs, relay.port, settings={"tickets": each_test_signs_in}
            ) as running,
        ):
            admin = admin_command(run, "issue-token", "--name", "Admin", "--role", "admin")
            email = f"bruna.{uuid.uuid4().hex[:6]}@equipe.example.com.br"
            admin_command(run, "issue-token", "--name", "Bruna Analista", "--email", email)
            yield Desk(
                running["desk"].url,
                running["tickets"].url,
                relay.relay,
                {"Authorization": f"Bearer {admin}"},
                email,
                run,
            )
    finally:
        asyncio.run(run.clean_up())


def open_ticket(desk: Desk, subject: str) -> tuple[int, str]:
    customer = f"cliente.{uuid.uuid4().hex[:8]}@example.com.br"
    answer = httpx.post(
        f"{desk.tickets}/v1/tickets",
        json={"caller": {"name": "Ana Souza", "email": customer}, "subject": subject, "text": "?"},
        headers=desk.admin,
        timeout=30,
    )
    assert answer.status_code == 201, answer.text
    return int(answer.json()["number"]), customer


def signed_in_browser(desk: Desk) -> httpx.Client:
    """A client that asked for the link, followed it from the e-mail and pressed «Entrar»."""
    browser = httpx.Client(base_url=desk.url, timeout=30)
    asked = browser.post("/desk/sign-in", data={"email": desk.analyst_email})
    assert asked.status_code == 200, asked.text
    count = len(desk.relay.to(desk.analyst_email))

    def new_mail() -> EmailMessage | None:
        mails = desk.relay.to(desk.analyst_email)
        return mails[-1] if len(mails) > count else None

    mail = eventually(new_mail, timeout=WAIT_S, what="the workspace sign-in e-mail")
    assert mail["X-Helpdesk-Notification"] == "staff_sign_in_link"
    [link] = re.findall(rf"{re.escape(desk.url)}/desk/sign-in/enter\?code=\S+", body_text(mail))
    page = browser.get(link)
    code = re.search(r'name="code" value="([^"]+)"', page.text)
    assert code, page.text
    entered = browser.post("/desk/sign-in/enter", data={"code": code.group(1)})
    assert entered.status_code == 303, entered.text
    return browser


def token_ids(desk: Desk, agent_id: str) -> set[str]:
    """The ids of the agent's valid staff tokens (`tickets.admin list-tokens`)."""
    listed = subprocess.run(
        [sys.executable, "-m", "tickets.admin", "list-tokens", agent_id],
        env={**os.environ, **desk.run.environment()},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text
    return found.group(1)


def version(page: httpx.Response) -> str:
    found = re.search(r'name="version" value="(\d+)"', page.text)
    assert found, page.text
    return found.group(1)


def test_analyst_signs_in_by_emailed_link_without_a_token(desk: Desk) -> None:
    anonymous = httpx.get(f"{desk.url}/desk/", timeout=30)
    browser = signed_in_browser(desk)
    cookie = browser.cookies.jar
    [session_cookie] = [c for c in cookie if c.name == "desk_session"]
    home = browser.get("/desk/")

    assert anonymous.status_code == 303
    assert urlparse(anonymous.headers["location"]).path == "/desk/sign-in"
    assert session_cookie.has_nonstandard_attr("HttpOnly")
    assert session_cookie.get_nonstandard_attr("SameSite") == "lax"
    assert home.status_code == 200
    assert "Bruna Analista" in home.text
    assert "default-src 'self'" in home.headers["content-security-policy"]


def test_sign_in_link_works_once_and_unknown_addresses_get_the_same_answer(desk: Desk) -> None:
    stranger = httpx.post(
        f"{desk.url}/desk/sign-in", data={"email": "ninguem@example.com"}, timeout=30
    )
    browser = signed_in_browser(desk)
    mail = desk.relay.to(desk.analyst_email)[-1]
    [link] = re.findall(rf"{re.escape(desk.url)}/desk/sign-in/enter\?code=(\S+)", body_text(mail))
    reused = httpx.post(f"{desk.url}/desk/sign-in/enter", data={"code": link}, timeout=30)

    assert stranger.status_code == 200
    assert desk.relay.to("ninguem@example.com") == []
    assert browser.get("/desk/").status_code == 200
    assert reused.status_code == 401
    assert "desk_session" not in reused.cookies


def test_new_ticket_is_taken_and_answered_from_the_workspace(desk: Desk) -> None:
    number, customer = open_ticket(desk, f"Boleto {uuid.uuid4().hex[:6]}")
    browser = signed_in_browser(desk)

    unassigned = browser.get("/desk/", params={"view": "unassigned"})
    page = browser.get(f"/desk/tickets/{number}")
    taken = browser.post(
        f"/desk/tickets/{number}/take", data={"csrf_token": csrf(page), "version": version(page)}
    )
    mine = browser.get("/desk/", params={"view": "mine"})
    page = browser.get(f"/desk/tickets/{number}")
    replied = browser.post(
        f"/desk/tickets/{number}/reply",
        data={
            "csrf_token": csrf(page),
            "version": version(page),
            "text": "Segue a segunda via em anexo.",
            "status": "pending",
        },
    )
    mail = desk.relay.wait_for(
        customer, "the reply", lambda m: "Segue a segunda via" in body_text(m), timeout=WAIT_S
    )
    waiting = browser.get("/desk/", params={"view": "pending"})

    assert f"#{number}" in unassigned.text
    assert taken.status_code == 303
    assert f"#{number}" in mine.text
    assert replied.status_code == 303
    assert f"[#{number}]" in str(mail["Subject"])
    assert f"#{number}" in waiting.text


def test_conflicting_reply_is_explained_and_its_text_kept(desk: Desk) -> None:
    number, _ = open_ticket(desk, f"Conflito {uuid.uuid4().hex[:6]}")
    browser = signed_in_browser(desk)
    seen = browser.get(f"/desk/tickets/{number}")
    httpx.patch(
        f"{desk.tickets}/v1/tickets/{number}", json={"priority": "P1"}, headers=desk.admin
    ).raise_for_status()

    stale = browser.post(
        f"/desk/tickets/{number}/reply",
        data={"csrf_token": csrf(seen), "version": version(seen), "text": "Texto que não some"},
    )

    assert stale.status_code == 409
    assert "Texto que não some" in stale.text
    assert f'href="/desk/tickets/{number}"' in stale.text


def test_analyst_links_a_related_ticket_and_both_pages_link_each_other(desk: Desk) -> None:
    first, _ = open_ticket(desk, f"Fatura {uuid.uuid4().hex[:6]}")
    second, _ = open_ticket(desk, f"Fatura de novo {uuid.uuid4().hex[:6]}")
    browser = signed_in_browser(desk)
    page = browser.get(f"/desk/tickets/{first}")

    saved = browser.post(
        f"/desk/tickets/{first}/fields",
        data={"csrf_token": csrf(page), "version": version(page), "related": f"#{second}"},
    )
    refused = browser.post(
        f"/desk/tickets/{first}/fields",
        data={
            "csrf_token": csrf(page),
            "version": version(browser.get(f"/desk/tickets/{first}")),
            "related": f"{second}, 9999999",
            "related_before": str(second),
        },
    )
    other = browser.get(f"/desk/tickets/{second}")

    assert saved.status_code == 303
    assert refused.status_code == 422
    assert "9999999" in refused.text  # the refusal names the unknown number
    assert f'href="/desk/tickets/{first}"' in other.text
    assert "Chamados relacionados" in browser.get(f"/desk/tickets/{first}").text


def test_form_without_the_session_token_is_refused(desk: Desk) -> None:
    number, _ = open_ticket(desk, f"Forjado {uuid.uuid4().hex[:6]}")
    browser = signed_in_browser(desk)
    browser.get(f"/desk/tickets/{number}")

    forged = browser.post(f"/desk/tickets/{number}/note", data={"csrf_token": "x", "text": "oi"})
    other_site = browser.post(
        f"/desk/tickets/{number}/note",
        data={"csrf_token": csrf(browser.get(f"/desk/tickets/{number}")), "text": "oi"},
        headers={"Origin": "https://evil.example"},
    )
    detail = httpx.get(f"{desk.tickets}/v1/tickets/{number}", headers=desk.admin).json()

    assert forged.status_code == 403
    assert other_site.status_code == 403
    assert all(c["text"] != "oi" for c in detail["comments"])


def test_sign_out_ends_the_session_and_its_staff_token(desk: Desk) -> None:
    browser = signed_in_browser(desk)
    old_cookie = browser.cookies["desk_session"]
    home = browser.get("/desk/")
    agents = httpx.get(f"{desk.tickets}/v1/agents", headers=desk.admin).json()["items"]
    [analyst] = [a for a in agents if a.get("email") == desk.analyst_email]
    before = token_ids(desk, analyst["id"])

    out = browser.post("/desk/sign-out", data={"csrf_token": csrf(home)})
    replayed = httpx.get(f"{desk.url}/desk/", cookies={"desk_session": old_cookie}, timeout=30)
    after = token_ids(desk, analyst["id"])

    assert out.status_code == 303
    assert replayed.status_code == 303
    assert len(after) == len(before) - 1
    assert after < before


def test_reply_with_a_file_survives_a_conflict_reaches_the_customer_and_opens_from_the_page(
    desk: Desk,
) -> None:
    number, customer = open_ticket(desk, f"Anexo {uuid.uuid4().hex[:6]}")
    browser = signed_in_browser(desk)
    seen = browser.get(f"/desk/tickets/{number}")
    httpx.patch(
        f"{desk.tickets}/v1/tickets/{number}", json={"priority": "P2"}, headers=desk.admin
    ).raise_for_status()
    pdf = b"%PDF-1.4 segunda via " + uuid.uuid4().bytes
    form = {"csrf_token": csrf(seen), "version": version(seen), "text": "Segue a segunda via."}
    stale = browser.post(
        f"/desk/tickets/{number}/reply",
        data=form,
        files=[("files", ("segunda via.pdf", pdf, "application/pdf"))],
    )
    kept = re.findall(r'name="attachment_ids" value="([^"]+)"', stale.text)
    again = browser.post(
        f"/desk/tickets/{number}/reply",
        data={**form, "version": version(stale), "attachment_ids": kept},
    )
    mail = desk.relay.wait_for(
        customer, "the reply", lambda m: "Segue a segunda via" in body_text(m), timeout=WAIT_S
    )
    page = browser.get(f"/desk/tickets/{number}")
    [link] = re.findall(rf'href="(/desk/tickets/{number}/files/[^"]+)"', page.text)
    opened = browser.get(link)

    assert stale.status_code == 409
    assert len(kept) == 1
    assert again.status_code == 303
    assert "segunda via.pdf" in body_text(mail)
    assert opened.status_code == 200
    assert opened.content == pdf
    assert opened.headers["content-disposition"].startswith("attachment;")
    assert opened.headers["x-content-type-options"] == "nosniff"
    assert browser.get(f"/desk/tickets/{number}/files/{'0' * 40}").status_code == 404
