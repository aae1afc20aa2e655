"""Agents (atendentes), their roles and groups, and round-robin assignment inside a group."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from tickets.domain.model import DomainModel


class AgentRole(StrEnum):
    """Ordered from the front line up the escalation ladder (líder → coordenação → gerência)."""

    AGENT = "agent"
    LEADER = "leader"
    COORDINATOR = "coordinator"
    MANAGER = "manager"
    ADMIN = "admin"


class Agent(DomainModel):
    """`active` False: deactivated, none of their tokens is accepted and they get no tickets."""

    id: str
    name: str
    role: AgentRole = AgentRole.AGENT
    group_ids: tuple[str, ...] = ()
    available: bool = True
    email: str | None = None
    active: bool = True


class Group(DomainModel):
    """`round_robin` groups get new tickets assigned automatically; `last_assigned_agent_id`
    is the pointer the next pick starts after."""

    id: str
    name: str
    round_robin: bool = False
    last_assigned_agent_id: str | None = None


@dataclass(frozen=True, slots=True)
class RoundRobinPick:
    agent_id: str
    group: Group  # the group with its pointer moved to the chosen agent; store it with the ticket


def pick_next_assignee(group: Group, agents: Iterable[Agent]) -> RoundRobinPick | None:
    """The next available member after the group's pointer, members taken in id order and
    wrapping around; None when the group does not round-robin or nobody is available.

    Ordering by id (not by position in a list) keeps the rotation fair when the pointer's agent
    left the group: the turn goes to whoever sorts after them."""
    if not group.round_robin:
        return None
    members = sorted((a for a in agents if group.id in a.group_ids), key=lambda a: a.id)
    available = [a for a in members if a.available and a.active]
    if not available:
        return None
    last = group.last_assigned_agent_id
    after_pointer = [a for a in available if last is None or a.id > last]
    chosen = (after_pointer or available)[0]
    moved = group.model_copy(update={"last_assigned_agent_id": chosen.id})
    return RoundRobinPick(agent_id=chosen.id, group=moved)
