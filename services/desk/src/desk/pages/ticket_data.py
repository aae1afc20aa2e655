"""What the ticket page shows, gathered from the services' APIs with the analyst's token."""

from __future__ import annotations

import asyncio
from typing import Any

from desk.adapters.service_apis import JSON, ApiProblem, ServiceApis
from desk.adapters.sessions import StaffSession


async def ticket_page_data(
    apis: ServiceApis, analyst: StaffSession, number: int, language: str
) -> dict[str, Any]:
    """The ticket, its SLA clocks, the requester's organization and other tickets, the agents
    and groups;
    one round trip each, in parallel. ApiProblem(404) when the ticket does not exist."""
    token = analyst.staff_token
    ticket = await apis.tickets("GET", f"/v1/tickets/{number}", token=token, language=language)
    requester = ticket["requester_id"]
    sla, others, agents, groups, organization = await asyncio.gather(
        apis.sla_of(number, token=token, language=language),
        apis.tickets(
            "GET", "/v1/tickets", token=token, params={"requester": requester, "limit": 11}
        ),
        apis.tickets("GET", "/v1/agents", token=token),
        apis.tickets("GET", "/v1/groups", token=token),
        _organization(apis, token, ticket.get("organization_id")),
    )
    return {
        "ticket": ticket,
        "sla": sla,
        "other_tickets": [t for t in others["items"] if t["number"] != number][:10],
        "agents": agents["items"],
        "agent_names": {a["id"]: a["name"] for a in agents["items"]},
        "groups": groups["items"],
        "group_names": {g["id"]: g["name"] for g in groups["items"]},
        "organization": organization,
    }


async def _organization(apis: ServiceApis, token: str, organization_id: str | None) -> JSON | None:
    if not organization_id:
        return None
    try:
        return await apis.tickets("GET", f"/v1/organizations/{organization_id}", token=token)
    except ApiProblem:
        return None
