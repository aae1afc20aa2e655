"""All five services as real processes on one isolated run, wired as an operator would wire them:
intake's SMTP listener for the support mailbox, notify relaying through a loopback SMTP server,
chat on a business calendar that is closed today, an agent token from the tickets admin command
(valid in every service), and a second chat replica open all day where an agent can be on duty
(`OPEN_CHAT`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from services.chat.tests.chat_live import accepts_agent
from tests.journeys.mail import SUPPORT_ADDRESS, SUPPORT_DOMAIN, CapturingRelay, RelayServer
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ROOT, ServiceProcess, eventually, free_port, services_running

JSON = dict[str, Any]
OPEN_CHAT = "chat-24x7"
"""A chat replica on the calendar open all day, for journeys with a live agent."""


@dataclass
class System:
    run: IsolatedRun
    processes: dict[str, ServiceProcess]
    intake_smtp_port: int
    relay: CapturingRelay
    agent_token: str

    def url(self, service: str) -> str:
        return self.processes[service].url

    def agent_get(self, path: str, **params: str) -> JSON:
        answer = httpx.get(
            self.url("tickets") + path, params=params, headers=self._bearer(), timeout=30
        )
        assert answer.status_code == 200, f"GET {path}: {answer.status_code} {answer.text}"
        body: JSON = answer.json()
        return body

    def agent_post(self, path: str, body: JSON) -> JSON:
        answer = httpx.post(
            self.url("tickets") + path, json=body, headers=self._bearer(), timeout=30
        )
        assert answer.status_code in (200, 201), f"POST {path}: {answer.status_code} {answer.text}"
        result: JSON = answer.json()
        return result

    def tickets_about(self, text: str) -> list[JSON]:
        """Tickets whose subject contains `text` (the agent's search box)."""
        items: list[JSON] = self.agent_get("/v1/tickets", q=text)["items"]
        return items

    def ticket(self, number: int) -> JSON:
        return self.agent_get(f"/v1/tickets/{number}")

    def sla_of(self, number: int) -> httpx.Response:
        """sla's view of a ticket's clock, read with the agent's token."""
        url = f"{self.url('sla')}/v1/tickets/{number}/sla"
        return httpx.get(url, headers=self._bearer(), timeout=30)

    def _bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.agent_token}"}


def admin_command(run: IsolatedRun, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "tickets.admin", *args],
        env={**os.environ, **run.environment()},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, f"tickets.admin {args}: {done.stderr}"
    return done.stdout.strip().splitlines()[-1]


def closed_calendar(folder: Path) -> Path:
    """An sla-format configuration whose "business" calendar is closed from yesterday to
    tomorrow (UTC): chat is outside hours; its "24x7" calendar is open all day."""
    today = datetime.now(UTC).date()
    all_day = {
        day: ["00:00-24:00"]
        for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    }
    open_all_day = {"timezone": "UTC", "opening_hours": all_day, "holidays": None}
    closed = {
        **open_all_day,
        "closed_dates": [str(today + timedelta(days=offset)) for offset in (-1, 0, 1)],
    }
    path = folder / "closed-calendar.yaml"
    path.write_text(json.dumps({"calendars": {"business": closed, "24x7": open_all_day}}))
    return path


def environments(run: IsolatedRun, relay_port: int, smtp_port: int, calendar: Path) -> JSON:
    fast = {"HELPDESK_OUTBOX_POLL_S": "0.2", "HELPDESK_LOG_LEVEL": "INFO"}
    return {
        "intake": run.environment(
            **fast,
            HELPDESK_SMTP_PORT=str(smtp_port),
            HELPDESK_SUPPORT_ADDRESSES=json.dumps([SUPPORT_ADDRESS]),
            HELPDESK_OWN_ADDRESSES=json.dumps([f"naoresponda@{SUPPORT_DOMAIN}"]),
        ),
        "tickets": run.environment(**fast),
        "notify": run.environment(
            **fast,
            HELPDESK_SMTP_HOST="127.0.0.1",
            HELPDESK_SMTP_PORT=str(relay_port),
            HELPDESK_MAIL_DOMAIN=SUPPORT_DOMAIN,
            HELPDESK_BRAND="Acme",
        ),
        "chat": run.environment(
            **fast,
            HELPDESK_TICKET_PART_WAIT_S="2",
            HELPDESK_CALENDAR_FILE=str(calendar),
            HELPDESK_CALENDAR_NAME="business",
            HELPDESK_SWEEP_INTERVAL_S="0.5",
        ),
        OPEN_CHAT: run.environment(
            **fast,
            HELPDESK_CALENDAR_FILE=str(calendar),
            HELPDESK_CALENDAR_NAME="24x7",
            HELPDESK_SWEEP_INTERVAL_S="0.5",
        ),
        "sla": run.environment(**fast),
    }


@contextlib.contextmanager
def isolated_system(infrastructure: Infrastructure, workdir: Path) -> Iterator[System]:
    """The whole system on a run of its own, cleaned up afterwards (one per test module)."""
    run = IsolatedRun(infrastructure)
    try:
        with running_system(run, workdir) as started:
            yield started
    finally:
        asyncio.run(run.clean_up())


@contextlib.contextmanager
def running_system(run: IsolatedRun, workdir: Path) -> Iterator[System]:
    logs = workdir / "logs"
    smtp_port = free_port()
    with RelayServer() as relay:
        env = environments(run, relay.port, smtp_port, closed_calendar(workdir))
        # a replica's name is "<service>-<variant>"
        processes = {name: ServiceProcess(name.split("-")[0], env[name], logs) for name in env}
        with services_running(processes, logs):
            token = admin_command(run, "issue-token", "--name", "Bruna Atendente")
            open_chat = processes[OPEN_CHAT]
            eventually(partial(accepts_agent, open_chat, token), what="chat knows the agent")
            yield System(run, processes, smtp_port, relay.relay, token)
