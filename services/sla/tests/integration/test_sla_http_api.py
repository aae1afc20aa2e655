"""The sla service's HTTP API on the default configuration, fed with ticket events."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from helpdesk_calendar.business_time import add_business_minutes
from services.sla.tests.integration.sla_support import (
    AGENT,
    SLA_ADMIN,
    Ticket,
    announce_to_sla,
    publish,
    shown,
    sla_client,
    sla_process,
    start_ready,
)
from sla.domain.sla_config import SlaConfig
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async

pytestmark = pytest.mark.e2e
SAO_PAULO = ZoneInfo("America/Sao_Paulo")
Body = dict[str, Any]
NO_TOKEN = {"Authorization": ""}


def sp(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=SAO_PAULO)


@pytest.fixture(scope="module")
async def shared_run(infrastructure: Infrastructure) -> AsyncIterator[IsolatedRun]:
    """One run and one sla process for the tests that do not change the configuration."""
    run = IsolatedRun(infrastructure)
    yield run
    await run.clean_up()


BILLING_P2 = {
    "calendar": "business",
    "first_response_minutes": 240,
    "next_response_minutes": 240,
    "resolution_minutes": 1440,
}


@pytest.fixture(scope="module")
async def api(
    shared_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[httpx.AsyncClient]:
    """The default configuration, plus P2 targets of its own for the "Cobrança" category."""
    log_dir = tmp_path_factory.mktemp("sla-api")
    config = SlaConfig().model_dump(mode="json") | {
        "category_policies": {"Cobrança": {"P2": BILLING_P2}}
    }
    config_path = log_dir / "config.json"
    config_path.write_text(json.dumps(config), encoding="utf-8")
    process = start_ready(sla_process(shared_run, log_dir, HELPDESK_CONFIG_PATH=str(config_path)))
    await announce_to_sla(shared_run, AGENT)
    async with sla_client(process, AGENT) as client:
        yield client
    process.stop()


@pytest.fixture
async def own_api(sla_run: IsolatedRun, log_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    """A process of the test's own, for a test that replaces the configuration."""
    process = start_ready(sla_process(sla_run, log_dir))
    await announce_to_sla(sla_run, SLA_ADMIN, AGENT)
    async with sla_client(process, AGENT) as client:
        yield client
    process.stop()


def target(body: Body, name: str) -> Body:
    found: Body = next(item for item in body["targets"] if item["target"] == name)
    return found


async def sla_when(
    api: httpx.AsyncClient, number: int, condition: Callable[[Body], bool], what: str
) -> Body:
    async def check() -> Body | None:
        body = await shown(api, number)
        return body if body is not None and condition(body) else None

    return await eventually_async(check, what=what)


def anything(_: Body) -> bool:
    return True


async def test_p2_opened_friday_17h_before_independence_day_is_due_at_the_right_minute(
    shared_run: IsolatedRun, api: httpx.AsyncClient
) -> None:
    ticket = Ticket(number=501, created_at=sp(9, 4, 17))
    await publish(shared_run, ticket.created())

    body = await sla_when(api, 501, anything, "the SLA of ticket 501")
    assert (body["priority"], body["calendar"], body["timezone"]) == (
        "P2",
        "business",
        "America/Sao_Paulo",
    )
    # 1 h on Friday, Monday 7 September closed, 9 h a day from Tuesday.
    assert target(body, "first_response")["due_at"] == "2026-09-10T14:00:00-03:00"
    assert target(body, "resolution")["due_at"] == "2026-09-14T12:00:00-03:00"
    assert target(body, "resolution")["target_minutes"] == 2400
    assert target(body, "resolution")["business_minutes_left"] < 0  # September is over
    assert target(body, "resolution")["business_minutes_overdue"] > 0


async def test_pending_pauses_the_clock_and_the_customer_reply_resumes_it(
    shared_run: IsolatedRun, api: httpx.AsyncClient
) -> None:
    ticket = Ticket(number=502, created_at=sp(8, 3, 9))  # Monday, 3 August
    await publish(shared_run, ticket.created())
    await sla_when(api, 502, anything, "the SLA of ticket 502")

    await publish(shared_run, ticket.status_changed("pending", sp(8, 3, 10)))
    paused = await sla_when(api, 502, lambda body: body["paused"], "paused")
    assert target(paused, "first_response")["due_at"] is None
    assert target(paused, "first_response")["business_minutes_left"] == 1440 - 60

    await publish(shared_run, ticket.commented("customer", sp(8, 4, 9)))
    await publish(shared_run, ticket.status_changed("open", sp(8, 4, 9)))
    resumed = await sla_when(api, 502, lambda body: not body["paused"], "resumed")
    # Without the pause it was Wednesday 15:00; Monday 10:00-18:00 did not count.
    assert target(resumed, "first_response")["due_at"] == "2026-08-06T14:00:00-03:00"


async def test_priority_change_keeps_the_time_used_and_applies_the_new_targets(
    shared_run: IsolatedRun, api: httpx.AsyncClient
) -> None:
    ticket = Ticket(number=503, created_at=sp(8, 3, 9))
    await publish(shared_run, ticket.created())
    await sla_when(api, 503, anything, "the SLA of ticket 503")

    await publish(shared_run, ticket.priority_changed("P1", sp(8, 3, 11)))
    body = await sla_when(api, 503, lambda body: body["priority"] == "P1", "now P1")
    assert target(body, "first_response")["due_at"] == "2026-08-03T13:00:00-03:00"
    assert target(body, "resolution")["due_at"] == "2026-08-04T12:00:00-03:00"
    assert target(body, "resolution")["target_minutes"] == 720


async def test_reclassified_ticket_gets_its_category_targets_with_the_time_used_kept(
    shared_run: IsolatedRun, api: httpx.AsyncClient
) -> None:
    ticket = Ticket(number=505, created_at=sp(8, 3, 9))  # Monday, 3 August
    await publish(shared_run, ticket.created())
    await sla_when(api, 505, anything, "the SLA of ticket 505")

    await publish(shared_run, ticket.category_changed("cobranca", sp(8, 3, 11)))
    body = await sla_when(api, 505, lambda body: body["category"] == "cobranca", "reclassified")
    # 2 business hours used stay used: 4 h to answer, 24 h to resolve on the category's targets.
    assert target(body, "first_response")["target_minutes"] == 240
    assert target(body, "first_response")["due_at"] == "2026-08-03T13:00:00-03:00"
    assert target(body, "resolution")["due_at"] == "2026-08-05T15:00:00-03:00"

    await publish(shared_run, ticket.category_changed("Outros", sp(8, 3, 12)))
    back = await sla_when(api, 505, lambda body: body["category"] == "Outros", "moved on")
    assert target(back, "first_response")["target_minutes"] == 1440  # the P2 default again
    assert target(back, "resolution")["due_at"] == "2026-08-07T13:00:00-03:00"


async def test_ticket_opened_in_a_category_starts_on_its_targets(
    shared_run: IsolatedRun, api: httpx.AsyncClient
) -> None:
    ticket = Ticket(number=506, created_at=sp(8, 3, 9), category="COBRANÇA")
    await publish(shared_run, ticket.created())
    body = await sla_when(api, 506, anything, "the SLA of ticket 506")
    assert target(body, "resolution")["target_minutes"] == 1440
    assert target(body, "first_response")["due_at"] == "2026-08-03T13:00:00-03:00"


async def test_calendars_policies_and_a_business_time_preview_are_readable(
    api: httpx.AsyncClient,
) -> None:
    calendars = (await api.get("/v1/calendars")).json()["items"]
    business = next(item for item in calendars if item["name"] == "business")
    assert business["timezone"] == "America/Sao_Paulo"
    assert business["holidays"]["country"] == "BR"
    policies = (await api.get("/v1/policies")).json()
    p2 = next(item for item in policies["items"] if item["priority"] == "P2")
    assert (p2["calendar"], p2["resolution_minutes"]) == ("business", 2400)
    assert policies["warning_fractions"] == [0.75]

    start: dict[str, str | int] = {"start": "2026-09-04T17:00:00-03:00", "minutes": 120}
    preview = (await api.get("/v1/calendars/business/add", params=start)).json()
    assert preview["result"] == "2026-09-08T10:00:00-03:00"  # over the weekend and the holiday


@pytest.mark.parametrize(
    "path",
    [
        "/v1/tickets/506/sla",
        "/v1/calendars",
        "/v1/policies",
        "/v1/calendars/business/add?start=2026-09-04T17:00:00-03:00&minutes=1",
    ],
)
@pytest.mark.parametrize("token", [None, "hd1.a-x.t-x.forged"])
async def test_sla_of_a_ticket_and_the_configuration_need_a_staff_token(
    api: httpx.AsyncClient, path: str, token: str | None
) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else NO_TOKEN
    refused = await api.get(path, headers=headers)
    assert refused.status_code == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["code"] == "unauthenticated"


async def test_unknown_ticket_and_bad_preview_answer_problems_in_portuguese_or_english(
    api: httpx.AsyncClient,
) -> None:
    missing = await api.get("/v1/tickets/999999/sla")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "não tem relógio" in missing.json()["detail"]

    bad = await api.get(
        "/v1/calendars/business/add",
        params={"start": "ontem", "minutes": -5},
        headers={"Accept-Language": "en-US,en;q=0.9"},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"] == "One or more fields are invalid."
    assert {error["field"] for error in bad.json()["errors"]} == {"query.start", "query.minutes"}


async def test_admin_replaces_policies_and_open_clocks_are_recomputed(
    sla_run: IsolatedRun, own_api: httpx.AsyncClient
) -> None:
    api = own_api
    ticket = Ticket(number=504, created_at=datetime.now(UTC))
    await publish(sla_run, ticket.created())
    await sla_when(api, 504, anything, "the SLA of ticket 504")
    config = (await api.get("/v1/policies")).json()
    policies = {item.pop("priority"): item for item in config.pop("items")}
    config.pop("next_cursor")
    listed = (await api.get("/v1/calendars")).json()["items"]
    calendars = {item.pop("name"): item for item in listed}
    policies["P2"]["first_response_minutes"] = 120
    replacement = {**config, "policies": policies, "calendars": calendars}

    assert (await api.put("/v1/config", json=replacement, headers=NO_TOKEN)).status_code == 401
    admin = SLA_ADMIN.bearer
    broken = {**replacement, "warning_fractions": [1.5], "pause_on_hold": "talvez"}
    rejected = await api.put("/v1/config", json=broken, headers=admin)
    too_low = await api.put("/v1/config", json=broken)
    assert too_low.status_code == 403
    assert too_low.json()["detail"] == "Esta ação exige o papel «admin» ou superior."
    assert rejected.status_code == 422
    assert rejected.json()["title"] == "Dados inválidos"
    assert {error["field"] for error in rejected.json()["errors"]} >= {"body.pause_on_hold"}

    accepted = await api.put("/v1/config", json=replacement, headers=admin)
    assert accepted.status_code == 200, accepted.text

    body = await sla_when(
        api,
        504,
        lambda body: target(body, "first_response")["target_minutes"] == 120,
        "ticket 504 on the new policy",
    )
    business = SlaConfig().to_policy().calendar_named("business")
    due = add_business_minutes(business, ticket.created_at, 120).astimezone(SAO_PAULO)
    assert target(body, "first_response")["due_at"] == due.isoformat()
    assert (await api.get("/v1/policies")).json()["items"][2]["first_response_minutes"] == 120
