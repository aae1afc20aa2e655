"""Agent API for the team: agents (with availability) and groups (with round-robin)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, EmailStr, Field

from helpdesk_runtime.problem_details import problem_responses
from tickets.adapters.staff_store import Credential, DuplicateGroup
from tickets.api.auth import RANK, Deps, Forbidden, Manager, Staff
from tickets.api.views import JSON
from tickets.app_errors import AppProblem, NotFound, UnknownReference
from tickets.domain.agents import Agent, AgentRole, Group
from tickets.domain.language import Localized
from tickets.service import Dependencies

router = APIRouter(prefix="/v1", tags=["agents and groups"], responses=problem_responses(409))
Name = Annotated[str, Field(min_length=1, max_length=200)]


class AgentRequest(BaseModel):
    name: Name
    role: AgentRole = AgentRole.AGENT
    email: EmailStr | None = None
    group_ids: list[str] = Field(default_factory=list, max_length=50)
    available: bool = True


class AgentChanges(BaseModel):
    """Fields left out keep their value; `active: false` ends every token of the agent."""

    name: Name | None = None
    email: EmailStr | None = None
    role: AgentRole | None = None
    group_ids: list[str] | None = Field(default=None, max_length=50)
    active: bool | None = None


class AvailabilityRequest(BaseModel):
    available: bool


class GroupRequest(BaseModel):
    id: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,49}$")]
    name: Name
    round_robin: bool = False


class GroupExists(AppProblem):
    status = 409
    code = "group_exists"


def agent_view(agent: Agent) -> JSON:
    return agent.model_dump(mode="json")


def group_view(group: Group) -> JSON:
    return group.model_dump(mode="json")


@router.get("/agents", summary="Every agent with role, groups and availability")
async def list_agents(deps: Deps, _: Staff, group: str | None = None) -> JSON:
    return {"items": [agent_view(a) for a in await deps.staff.agents(group_id=group)]}


async def _check_groups(deps: Dependencies, group_ids: list[str]) -> None:
    for group_id in group_ids:
        if await deps.staff.group(group_id) is None:
            raise UnknownReference(
                Localized(f"Grupo {group_id} não existe.", f"Group {group_id} does not exist.")
            )


def _not_above(who: Credential, role: AgentRole) -> None:
    if RANK[role] > RANK[who.role]:
        raise Forbidden(
            Localized(
                f"Só quem tem o papel «{role.value}» ou superior dá ou tira esse papel.",
                f"Only someone with the «{role.value}» role or higher gives or takes it.",
            )
        )


def _unknown_agent(agent_id: str) -> NotFound:
    return NotFound(
        Localized(f"Atendente {agent_id} não existe.", f"Agent {agent_id} does not exist.")
    )


@router.post("/agents", status_code=201, summary="Add an agent (manager or admin)")
async def add_agent(body: AgentRequest, deps: Deps, who: Manager) -> JSON:
    await _check_groups(deps, body.group_ids)
    _not_above(who, body.role)
    agent = await deps.staff.add_agent(
        name=body.name,
        role=body.role,
        group_ids=body.group_ids,
        available=body.available,
        email=body.email,
    )
    return agent_view(agent)


@router.patch("/agents/{agent_id}", summary="Change name, email, role, groups or access")
async def change_agent(agent_id: str, body: AgentChanges, deps: Deps, who: Manager) -> JSON:
    """Manager or admin, for agents whose role is not above theirs. Every service (sla, notify,
    chat) applies the change to the agent's tokens within seconds."""
    current = await deps.staff.agent(agent_id)
    if current is None:
        raise _unknown_agent(agent_id)
    _not_above(who, current.role)
    if body.role is not None:
        _not_above(who, body.role)
    await _check_groups(deps, body.group_ids or [])
    sent = body.model_dump(mode="json", exclude_unset=True)
    changes = {k: v for k, v in sent.items() if v is not None or k == "email"}
    agent = await deps.staff.update_agent(agent_id, changes)
    if agent is None:
        raise _unknown_agent(agent_id)
    return agent_view(agent)


@router.put("/agents/{agent_id}/availability", summary="Available for new assignments or not")
async def set_availability(
    agent_id: str, body: AvailabilityRequest, deps: Deps, who: Staff
) -> JSON:
    if who.agent_id != agent_id and RANK[who.role] < RANK[AgentRole.LEADER]:
        raise Forbidden(
            Localized(
                "Só um líder ou superior muda a disponibilidade de outra pessoa.",
                "Only a leader or above can change someone else's availability.",
            )
        )
    agent = await deps.staff.set_available(agent_id, body.available)
    if agent is None:
        raise _unknown_agent(agent_id)
    return agent_view(agent)


@router.get("/groups", summary="Every group")
async def list_groups(deps: Deps, _: Staff) -> JSON:
    return {"items": [group_view(g) for g in await deps.staff.groups()]}


@router.post("/groups", status_code=201, summary="Add a group (manager or admin)")
async def add_group(body: GroupRequest, deps: Deps, _: Manager) -> JSON:
    try:
        group = await deps.staff.add_group(
            group_id=body.id, name=body.name, round_robin=body.round_robin
        )
    except DuplicateGroup:
        raise GroupExists(
            Localized(f"O grupo {body.id} já existe.", f"Group {body.id} already exists.")
        ) from None
    return group_view(group)
