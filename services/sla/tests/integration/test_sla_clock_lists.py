"""`GET /v1/clocks?state=at_risk|breached`: the lists behind the workspace's SLA views, on a
round-the-clock calendar (P3: 60 minutes to answer; P2: 2), at risk with < 25 % left."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from services.sla.tests.integration.sla_support import (
    AGENT,
    Ticket,
    announce_to_sla,
    fast_config,
    publish,
    settled,
    shown,
    sla_client,
    sla_process,
    start_ready,
)
from tests.support.isolation import IsolatedRun
from tests.support.processes import eventually_async

Body = dict[str, Any]


def minutes_ago(minutes: int) -> datetime:
    return datetime.now(UTC) - timedelta(minutes=minutes)


async def test_at_risk_and_breached_lists_show_time_left_overdue_and_escalation(
    sla_run: IsolatedRun, log_dir: Path
) -> None:
    config = fast_config(log_dir / "config.json")
    process = start_ready(
        sla_process(
            sla_run, log_dir, HELPDESK_CONFIG_PATH=str(config), HELPDESK_DETECTION_MAX_WAIT_S="1"
        )
    )
    await announce_to_sla(sla_run, AGENT)
    at_risk = Ticket(number=601, created_at=minutes_ago(50), priority="P3")  # 10 of 60 left
    calm = Ticket(number=602, created_at=minutes_ago(20), priority="P3")  # 40 of 60 left
    paused = Ticket(number=603, created_at=minutes_ago(55), priority="P3")
    late = Ticket(number=604, created_at=minutes_ago(10))  # P2: due 8 min ago
    later = Ticket(number=605, created_at=minutes_ago(30))  # P2: due 28 min ago
    twin = Ticket(number=606, created_at=later.created_at)  # due at the same instant as 605
    for ticket in (at_risk, calm, paused, late, later, twin):
        await publish(sla_run, ticket.created())
    await publish(sla_run, paused.status_changed("pending", minutes_ago(1)))
    async with sla_client(process, AGENT) as api:
        await eventually_async(
            lambda: _paused(api, 603), what="every clock stored, 603 paused", timeout=30
        )
        await eventually_async(
            lambda: settled(sla_run, [604, 605, 606]), what="the breaches escalated", timeout=30
        )

        risky = (await api.get("/v1/clocks", params={"state": "at_risk"})).json()
        assert [item["ticket_number"] for item in risky["items"]] == [601]
        line = risky["items"][0]
        assert (line["target"], line["priority"]) == ("first_response", "P3")
        assert 8 <= line["business_minutes_left"] <= 10
        assert line["escalation_level"] is None
        assert line["assignee_name"] == "Ana Atendente"

        first = (await api.get("/v1/clocks", params={"state": "breached", "limit": 1})).json()
        assert [item["ticket_number"] for item in first["items"]] == [605]  # longest overdue
        assert 27 <= first["items"][0]["business_minutes_overdue"] <= 29
        assert first["items"][0]["escalation_level"] == "manager"
        pages, cursor = [], first["next_cursor"]
        while cursor:
            params = {"state": "breached", "limit": 1, "cursor": cursor}
            page = (await api.get("/v1/clocks", params=params)).json()
            pages += [item["ticket_number"] for item in page["items"]]
            cursor = page["next_cursor"]
        assert pages == [606, 604]  # the twin due at the same instant is not skipped

        forged = await api.get("/v1/clocks", params={"state": "breached", "cursor": "x~1"})
        assert forged.status_code == 422
        assert forged.headers["content-type"] == "application/problem+json"
        anonymous = await api.get("/v1/clocks?state=breached", headers={"Authorization": ""})
        assert anonymous.status_code == 401
    process.stop()


async def _paused(api: Any, number: int) -> bool:
    body: Body | None = await shown(api, number)
    return body is not None and body["paused"]
