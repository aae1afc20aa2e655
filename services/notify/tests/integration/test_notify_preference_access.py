"""A staff member's notification preferences are their own: a colleague can neither read nor
change them (403 problem), a manager or admin can; a customer's preferences stay staff work."""

from __future__ import annotations

import httpx
import pytest

from services.notify.tests.integration.conftest import STAFF
from services.notify.tests.integration.notify_world import NotifyWorld
from tests.support.processes import eventually_async
from tests.support.staff import StaffOnDuty, announce_staff, staff_member

pytestmark = pytest.mark.integration
AGENT = staff_member("Caio Atendente", role="agent")
MANAGER = staff_member("Marta Gerente", role="manager")
ESCALATIONS_OFF = {"opted_out": ["email", "whatsapp"]}


def preferences_of(member: StaffOnDuty) -> str:
    return f"/v1/contacts/staff:{member.agent_id}/preferences"


@pytest.fixture(scope="module")
async def colleagues(notify_world: NotifyWorld) -> NotifyWorld:
    run = notify_world.run
    await announce_staff(run.infrastructure.amqp_url, run.namespace, AGENT, MANAGER)
    for member in (AGENT, MANAGER):

        async def known(who: StaffOnDuty = member) -> bool:
            answer = await notify_world.api.get(preferences_of(who), headers=who.bearer)
            return answer.status_code == 200

        await eventually_async(known, what=f"{member.name} known to notify")
    return notify_world


@pytest.mark.parametrize("colleague", [AGENT, STAFF], ids=["agent", "leader"])
async def test_an_agent_cannot_opt_a_manager_out_of_escalations(
    colleagues: NotifyWorld, colleague: StaffOnDuty
) -> None:
    api, target = colleagues.api, preferences_of(MANAGER)
    changed = await api.put(target, json=ESCALATIONS_OFF, headers=colleague.bearer)
    read = await api.get(target, headers={**colleague.bearer, "Accept-Language": "en"})

    for refused in (changed, read):
        assert refused.status_code == 403
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["code"] == "forbidden"
    assert "notification preferences are their own" in read.json()["detail"]
    kept = await api.get(target, headers=MANAGER.bearer)
    assert kept.json()["opted_out"] == []


async def test_staff_change_their_own_preferences_and_a_manager_those_of_the_team(
    colleagues: NotifyWorld,
) -> None:
    api = colleagues.api
    own = await api.put(
        preferences_of(AGENT), json={"opted_out": ["whatsapp"]}, headers=AGENT.bearer
    )
    assert own.status_code == 200
    assert own.json()["opted_out"] == ["whatsapp"]

    managed = await api.put(preferences_of(AGENT), json={"opted_out": []}, headers=MANAGER.bearer)
    assert managed.status_code == 200
    seen = await api.get(preferences_of(AGENT), headers=AGENT.bearer)
    assert seen.json()["opted_out"] == []


async def test_any_agent_still_handles_a_customers_preferences(colleagues: NotifyWorld) -> None:
    answer: httpx.Response = await colleagues.api.put(
        "/v1/contacts/c-cliente-77/preferences", json=ESCALATIONS_OFF, headers=AGENT.bearer
    )
    assert answer.status_code == 200
