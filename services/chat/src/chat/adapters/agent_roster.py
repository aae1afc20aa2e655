"""Agents' presence, shared by every replica: online or away, kept alive by heartbeats."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Literal

from pymongo.asynchronous.collection import AsyncCollection
from pymongo.asynchronous.database import AsyncDatabase

from chat.settings import AgentIdentity
from helpdesk_runtime.database import Document

Presence = Literal["online", "away", "offline"]


class AgentRoster:
    """One document per agent; `alive_until` lapses if the replica holding the socket dies."""

    def __init__(self, database: AsyncDatabase[Document], *, ttl: timedelta) -> None:
        self.collection: AsyncCollection[Document] = database["agents"]
        self.ttl = ttl

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("status", 1), ("alive_until", 1)])

    async def set_presence(self, agent: AgentIdentity, status: Presence, now: datetime) -> None:
        alive = now + self.ttl if status != "offline" else now
        fields = {
            "name": agent.name,
            "groups": list(agent.groups),
            "status": status,
            "alive_until": alive,
        }
        await self.collection.update_one({"_id": agent.id}, {"$set": fields}, upsert=True)

    async def heartbeat(self, agent_ids: Sequence[str], now: datetime) -> None:
        """Keep the agents connected to this replica alive."""
        if agent_ids:
            await self.collection.update_many(
                {"_id": {"$in": list(agent_ids)}}, {"$set": {"alive_until": now + self.ttl}}
            )

    async def online_name(self, agent_id: str, now: datetime) -> str | None:
        """The agent's name when they are online now, else None."""
        found = await self.collection.find_one(
            {"_id": agent_id, "status": "online", "alive_until": {"$gt": now}}
        )
        return str(found["name"]) if found else None

    async def anyone_online(self, group: str | None, now: datetime) -> bool:
        """Whether an agent (of the group, when one is named) can take a chat right now."""
        query: Document = {"status": "online", "alive_until": {"$gt": now}}
        if group is not None:
            query["groups"] = group
        return await self.collection.find_one(query) is not None

    async def present(self, now: datetime) -> list[Document]:
        """Agents online or away right now (on the status index): id, name, groups, status."""
        query = {"status": {"$in": ["online", "away"]}, "alive_until": {"$gt": now}}
        fields = {"name": 1, "groups": 1, "status": 1}
        return [
            {"id": found["_id"], "name": found["name"], "groups": found.get("groups", []),
             "status": found["status"]}
            async for found in self.collection.find(query, fields)
        ]  # fmt: skip
