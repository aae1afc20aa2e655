"""Agents, groups and the staff bearer tokens (only a digest of each token is stored).

Every change the staff directory shows (a new agent; name, email, role, groups or active state;
a token issued or revoked) is one update of the agent's document that also stores the
`staff.member_updated` snapshot in its outbox, so the other services learn it from the relay.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

import structlog
from pydantic import ValidationError
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.common import StaffMember
from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import outbox_fields, with_outbox
from helpdesk_runtime.staff_tokens import (
    issue_staff_token,
    token_ids,
    token_is_listed,
    token_sha256,
)
from tickets.adapters.agent_documents import agent_of, directory_entry, group_of, stored_fields
from tickets.domain.agents import Agent, AgentRole, Group

AGENTS = "agents"
log = structlog.get_logger(__name__)
REVISE_ATTEMPTS = 10
Change = Callable[[Document], Document | None]


@dataclass(frozen=True)
class Credential:
    """Who a bearer token speaks for."""

    agent_id: str
    name: str
    role: AgentRole


class DuplicateGroup(Exception):
    pass


class ConcurrentStaffChange(Exception):
    """The agent kept changing under us; the caller may try again."""


class StaffStore:
    def __init__(
        self, database: AsyncDatabase[Document], on_change: Callable[[], None] = lambda: None
    ) -> None:
        self.collection = database[AGENTS]
        self._groups = database["groups"]
        self._legacy_tokens = database["staff_tokens"]  # `hd_…` tokens: hash → agent
        self._on_change = on_change

    async def ensure_indexes(self) -> None:
        await self.collection.create_index("group_ids")
        await self.collection.create_index("tokens.token_id")
        await self.collection.create_index("email")
        await self._legacy_tokens.create_index("agent_id")

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
            email=email,
        )
        document = {"_id": agent.id, **stored_fields(agent), "revision": 1, "tokens": []}
        await self.collection.insert_one({**document, **outbox_fields([directory_entry(document)])})
        self._on_change()
        return agent

    async def agent(self, agent_id: str) -> Agent | None:
        document = await self.collection.find_one({"_id": agent_id})
        return agent_of(document) if document else None

    async def active_agent_with_email(self, *addresses: str) -> Agent | None:
        """The active agent whose directory email is one of `addresses` (as typed, normalized)."""
        query = {"email": {"$in": list(addresses)}, "active": {"$ne": False}}
        document = await self.collection.find_one(query)
        return agent_of(document) if document else None

    async def agents(self, *, group_id: str | None = None) -> list[Agent]:
        query = {"group_ids": group_id} if group_id else {}
        return [agent_of(d) async for d in self.collection.find(query).sort("_id", 1)]

    async def update_agent(self, agent_id: str, changes: Document) -> Agent | None:
        """Change `Agent` fields; deactivating also ends every token and the availability."""
        ending = changes.get("active") is False
        extra = {"tokens": [], "available": False} if ending else {}
        document = await self._revise(agent_id, lambda _: {**changes, **extra})
        if ending:
            await self._legacy_tokens.delete_many({"agent_id": agent_id})
        return agent_of(document) if document else None

    async def set_available(self, agent_id: str, available: bool) -> Agent | None:
        """Availability is the tickets service's own business: the directory does not show it."""
        await self.collection.update_one({"_id": agent_id}, {"$set": {"available": available}})
        return await self.agent(agent_id)

    async def staff_members(self, agent_ids: Iterable[str | None]) -> dict[str, StaffMember]:
        wanted = sorted({a for a in agent_ids if a})
        if not wanted:
            return {}
        found = self.collection.find({"_id": {"$in": wanted}})
        return {
            d["_id"]: StaffMember(id=d["_id"], name=d["name"], email=d.get("email"), role=d["role"])
            async for d in found
        }

    async def add_group(self, *, group_id: str, name: str, round_robin: bool) -> Group:
        group = Group(id=group_id, name=name, round_robin=round_robin)
        try:
            await self._groups.insert_one({"_id": group.id, **stored_fields(group)})
        except DuplicateKeyError:
            raise DuplicateGroup(group_id) from None
        return group

    async def group(self, group_id: str) -> Group | None:
        document = await self._groups.find_one({"_id": group_id})
        return group_of(document) if document else None

    async def groups(self) -> list[Group]:
        return [group_of(d) async for d in self._groups.find({}).sort("_id", 1)]

    async def move_pointer(self, group: Group) -> None:
        """Store the round-robin pointer the last pick moved."""
        update = {"last_assigned_agent_id": group.last_assigned_agent_id}
        await self._groups.update_one({"_id": group.id}, {"$set": update})

    async def take_turn(self, *, before: Group, after: Group) -> bool:
        """Move the round-robin pointer from where `before` read it to `after`'s pick; False
        when another writer moved it meanwhile (that turn is theirs: pick again)."""
        moved = await self._groups.update_one(
            {"_id": before.id, "last_assigned_agent_id": before.last_assigned_agent_id},
            {"$set": {"last_assigned_agent_id": after.last_assigned_agent_id}},
        )
        return moved.matched_count == 1

    async def issue_token(self, agent: Agent) -> str:
        """A new bearer token for `agent`; only its digest is kept, so it is shown once."""
        issued = issue_staff_token(agent.id)
        entry = {"token_id": issued.token_id, "sha256": issued.sha256, "issued_at": _now()}
        added = await self._revise(agent.id, lambda d: {"tokens": [*_tokens(d), entry]})
        if added is None:
            raise LookupError(f"no agent {agent.id}")
        return issued.token

    async def revoke_token(self, token_id: str) -> str | None:
        """End the token `token_id` everywhere; the id of the agent who held it, or None."""
        holder = await self.collection.find_one({"tokens.token_id": token_id}, {"_id": 1})
        if holder is None:
            return None

        def without(document: Document) -> Document | None:
            kept = [t for t in _tokens(document) if t["token_id"] != token_id]
            return {"tokens": kept} if len(kept) < len(_tokens(document)) else None

        await self._revise(holder["_id"], without)
        return str(holder["_id"])

    async def revoke_legacy_token(self, token: str) -> bool:
        """End a token of the old `hd_…` form (accepted by tickets only)."""
        result = await self._legacy_tokens.delete_one({"_id": token_sha256(token)})
        return bool(result.deleted_count)

    async def tokens_of(self, agent_id: str) -> list[Document]:
        """The agent's valid tokens: id and issue time, never the digest."""
        document = await self.collection.find_one({"_id": agent_id}) or {}
        return [{"token_id": t["token_id"], "issued_at": t["issued_at"]} for t in _tokens(document)]

    async def credential(self, token: str) -> Credential | None:
        ids = token_ids(token)
        if ids is not None:
            agent_id: str | None = ids.agent_id
        else:
            legacy = await self._legacy_tokens.find_one({"_id": token_sha256(token)})
            agent_id = legacy["agent_id"] if legacy else None
        document = await self.collection.find_one({"_id": agent_id}) if agent_id else None
        if document is None or not document.get("active", True):
            return None
        if ids is not None and not token_is_listed(token, ids, _tokens(document)):
            return None
        return Credential(document["_id"], document["name"], AgentRole(document["role"]))

    async def republish_directory(self) -> int:
        """Announce every agent again (no change): for services that joined since."""
        announced = 0
        async for document in self.collection.find({}, {"outbox": 0}):
            try:
                entry = directory_entry({**document, "revision": document.get("revision", 1)})
            except ValidationError as error:  # one bad record must not keep tickets down
                log.error("agent not announced", agent_id=document["_id"], error=str(error))
                continue
            update = with_outbox({"$max": {"revision": 1}}, [entry])
            await self.collection.update_one({"_id": document["_id"]}, update)
            announced += 1
        self._on_change()
        return announced

    async def _revise(self, agent_id: str, change: Change) -> Document | None:
        """Apply `change` (the fields it returns; None: nothing to do) to the agent with its
        directory snapshot, in one update guarded by the revision it was computed from."""
        for _ in range(REVISE_ATTEMPTS):
            document = await self.collection.find_one({"_id": agent_id}, {"outbox": 0})
            if document is None:
                return None
            fields = change(document)
            if fields is None or all(document.get(k) == v for k, v in fields.items()):
                return document
            revision = document.get("revision", 0) + 1
            after = {**document, **fields, "revision": revision}
            same = document.get("revision", {"$exists": False})
            changed = {"$set": {**fields, "revision": revision}}
            update = with_outbox(changed, [directory_entry(after)])
            result = await self.collection.update_one({"_id": agent_id, "revision": same}, update)
            if result.modified_count:
                self._on_change()
                return after
        raise ConcurrentStaffChange(agent_id)


def _tokens(document: Document) -> list[Document]:
    return list(document.get("tokens") or [])


def _now() -> datetime:
    return datetime.now(UTC)
