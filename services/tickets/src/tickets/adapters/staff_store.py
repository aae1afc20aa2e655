"""Agents, groups and the staff bearer tokens (only a hash of each token is stored)."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.common import StaffMember
from helpdesk_runtime.database import Document
from tickets.domain.agents import Agent, AgentRole, Group


@dataclass(frozen=True)
class Credential:
    """Who a bearer token speaks for."""

    agent_id: str
    name: str
    role: AgentRole


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class DuplicateGroup(Exception):
    pass


class StaffStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._agents = database["agents"]
        self._groups = database["groups"]
        self._tokens = database["staff_tokens"]

    async def ensure_indexes(self) -> None:
        await self._agents.create_index("group_ids")
        await self._tokens.create_index("agent_id")

    async def add_agent(
        self,
        *,
        name: str,
        role: AgentRole,
        group_ids: Iterable[str] = (),
        available: bool = True,
        email: str | None = None,
    ) -> Agent:
        agent = Agent(
            id=f"a-{uuid.uuid4().hex[:12]}",
            name=name,
            role=role,
            group_ids=tuple(group_ids),
            available=available,
        )
        await self._agents.insert_one({"_id": agent.id, **_fields(agent), "email": email})
        return agent

    async def agent(self, agent_id: str) -> Agent | None:
        document = await self._agents.find_one({"_id": agent_id})
        return _agent(document) if document else None

    async def agents(self, *, group_id: str | None = None) -> list[Agent]:
        query = {"group_ids": group_id} if group_id else {}
        return [_agent(d) async for d in self._agents.find(query).sort("_id", 1)]

    async def set_available(self, agent_id: str, available: bool) -> Agent | None:
        await self._agents.update_one({"_id": agent_id}, {"$set": {"available": available}})
        return await self.agent(agent_id)

    async def staff_members(self, agent_ids: Iterable[str | None]) -> dict[str, StaffMember]:
        wanted = sorted({a for a in agent_ids if a})
        if not wanted:
            return {}
        found = self._agents.find({"_id": {"$in": wanted}})
        return {
            d["_id"]: StaffMember(id=d["_id"], name=d["name"], email=d.get("email"), role=d["role"])
            async for d in found
        }

    async def add_group(self, *, group_id: str, name: str, round_robin: bool) -> Group:
        group = Group(id=group_id, name=name, round_robin=round_robin)
        try:
            await self._groups.insert_one({"_id": group.id, **_fields(group)})
        except DuplicateKeyError:
            raise DuplicateGroup(group_id) from None
        return group

    async def group(self, group_id: str) -> Group | None:
        document = await self._groups.find_one({"_id": group_id})
        return _group(document) if document else None

    async def groups(self) -> list[Group]:
        return [_group(d) async for d in self._groups.find({}).sort("_id", 1)]

    async def move_pointer(self, group: Group) -> None:
        """Store the round-robin pointer the last pick moved."""
        update = {"last_assigned_agent_id": group.last_assigned_agent_id}
        await self._groups.update_one({"_id": group.id}, {"$set": update})

    async def issue_token(self, agent: Agent) -> str:
        """A new bearer token for `agent`; only its hash is kept, so it is shown once."""
        token = f"hd_{secrets.token_urlsafe(32)}"
        await self._tokens.insert_one(
            {
                "_id": token_hash(token),
                "agent_id": agent.id,
                "name": agent.name,
                "role": agent.role.value,
                "issued_at": datetime.now(UTC),
            }
        )
        return token

    async def credential(self, token: str) -> Credential | None:
        document = await self._tokens.find_one({"_id": token_hash(token)})
        if document is None:
            return None
        return Credential(document["agent_id"], document["name"], AgentRole(document["role"]))


def _fields(model: Agent | Group) -> Document:
    return model.model_dump(mode="python", exclude={"id"})


def _agent(document: Document) -> Agent:
    values = {k: v for k, v in document.items() if k in Agent.model_fields}
    return Agent.model_validate({**values, "id": document["_id"]})


def _group(document: Document) -> Group:
    values = {k: v for k, v in document.items() if k in Group.model_fields}
    return Group.model_validate({**values, "id": document["_id"]})
