"""An agent reclassifies a ticket in tickets and sla recomputes its clock: tickets and sla run as
real processes on the real broker and database. tickets raises "Indisponibilidade" tickets to
P1 by its category rules; sla gives that category P1 targets of its own, round the clock."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from helpdesk_contracts.common import Person
from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.intake import MessageReceived
from sla.domain.sla_config import SlaConfig
from tests.journeys.system import JSON, admin_command
from tests.support.events import publish_event
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually

pytestmark = pytest.mark.e2e
WAIT_S = 60
PRECISION = timedelta(milliseconds=5)  # tickets stores times to the millisecond
OUTAGE = "Indisponibilidade"
ROUND_THE_CLOCK = {"calendar": "24x7"}
OUTAGE_P1 = {
    **ROUND_THE_CLOCK,
    "first_response_minutes": 30,
    "next_response_minutes": 30,
    "resolution_minutes": 120,
}


@dataclass
class Desk:
    run: IsolatedRun
    tickets: str
    sla: str
    agent: dict[str, str]


def sla_config(folder: Path) -> Path:
    """sla's defaults, with P3 round the clock (so that time is used while the test runs) and
    P1 targets of its own for the outage category."""
    config = SlaConfig().model_dump(mode="json")
    config["policies"]["P3"] |= ROUND_THE_CLOCK
    config["category_policies"] = {OUTAGE: {"P1": OUTAGE_P1}}
    path = folder / "sla-config.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def desk(
    infrastructure: Infrastructure, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Desk]:
    run = IsolatedRun(infrastructure)
    folder = tmp_path_factory.mktemp("reclassification")
    rules = json.dumps([{"category": OUTAGE, "priority": "P1"}])
    env = {
        "tickets": run.environment(HELPDESK_OUTBOX_POLL_S="0.2", HELPDESK_PRIORITY_RULES=rules),
        "sla": run.environment(HELPDESK_CONFIG_PATH=str(sla_config(folder))),
    }
    processes = {name: ServiceProcess(name, env[name], folder / "logs") for name in env}
    try:
        for process in processes.values():
            process.start()
        token = admin_command(run, "issue-token", "--name", "Bruna Atendente")  # while they start
        for process in processes.values():
            eventually(_ready(process), timeout=90, what=f"{process.service} ready")
        yield Desk(
            run,
            processes["tickets"].url,
            processes["sla"].url,
            {"Authorization": f"Bearer {token}"},
        )
    finally:
        for process in processes.values():
            process.stop()
        asyncio.run(run.clean_up())


def _ready(process: ServiceProcess) -> Callable[[], bool]:
    return lambda: process.ready_status() == 200


def emailed_ticket(desk: Desk) -> JSON:
    """A ticket a customer opened by email (an intake event on the broker), as agents see it."""
    tag = uuid.uuid4().hex[:8]
    message = MessageReceived(
        inbound_id=f"in-{tag}",
        channel="email",
        received_at=datetime.now(UTC),
        sender=Person(name="Ana", email=f"ana.{tag}@example.com.br"),
        subject=f"Sistema {tag} fora do ar",
        text="Ninguém consegue entrar no sistema desde cedo.",
    )
    envelope = new_envelope(message, producer="intake")
    asyncio.run(publish_event(desk.run.infrastructure.amqp_url, desk.run.namespace, envelope))

    def found() -> list[JSON]:
        answer = httpx.get(f"{desk.tickets}/v1/tickets", params={"q": tag}, headers=desk.agent)
        items: list[JSON] = answer.json()["items"]
        return items

    [ticket] = eventually(found, timeout=WAIT_S, what=f"a ticket about {tag}")
    return ticket


def sla_of(desk: Desk, number: int, *, when: str, until: Callable[[JSON], bool]) -> JSON:
    """sla's view of the ticket's clock, once `until` holds."""

    def view() -> JSON | None:
        answer = httpx.get(f"{desk.sla}/v1/tickets/{number}/sla", headers=desk.agent)
        if answer.status_code != 200:
            return None
        body: JSON = answer.json()
        return body if until(body) else None

    return eventually(view, timeout=WAIT_S, what=f"the SLA of #{number} {when}")


def first_response(view: JSON) -> JSON:
    target: JSON = next(t for t in view["targets"] if t["target"] == "first_response")
    return target


def test_reclassified_ticket_gets_the_category_targets_with_the_time_used_kept(
    desk: Desk,
) -> None:
    ticket = emailed_ticket(desk)
    number = ticket["number"]
    before = sla_of(desk, number, when="once opened", until=lambda _: True)
    assert (before["priority"], before["category"]) == ("P3", None)
    assert first_response(before)["target_minutes"] == 1440

    changed = httpx.patch(
        f"{desk.tickets}/v1/tickets/{number}",
        json={"category": OUTAGE, "version": ticket["version"]},
        headers=desk.agent,
    )
    assert changed.status_code == 200, changed.text
    # P3 was the rules' choice (no category yet), so the rules choose again for the outage
    assert changed.json()["priority"] == "P1"

    after = sla_of(
        desk,
        number,
        when="reclassified",
        until=lambda v: (v["category"], v["priority"]) == (OUTAGE, "P1"),
    )
    assert after["calendar"] == "24x7"
    targets = {t["target"]: t["target_minutes"] for t in after["targets"]}
    assert targets == {"first_response": 30, "resolution": 120}
    # Counted from the opening, not from the reclassification: the time used stays used.
    opened_at = datetime.fromisoformat(ticket["created_at"])
    reclassified_at = datetime.fromisoformat(changed.json()["updated_at"])
    assert reclassified_at - opened_at > timedelta(milliseconds=50)  # the clock ran before
    due = datetime.fromisoformat(first_response(after)["due_at"])
    assert abs(due - (opened_at + timedelta(minutes=30))) < PRECISION
    due_before = datetime.fromisoformat(first_response(before)["due_at"])
    assert abs(due_before - due - timedelta(minutes=1440 - 30)) < PRECISION
