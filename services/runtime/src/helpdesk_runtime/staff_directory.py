"""A service's own copy of the staff directory that tickets publishes, and checking tokens on it.

`follow_staff_directory(runtime)` subscribes the service to `staff.member_updated` on its
`<service>.staff-directory` queue, keeps each member's newest snapshot in the collection
`staff_directory` (`_id` = agent id) and, once started, asks tickets to announce everyone
(`staff.directory_requested`), so that a service deployed after the staff was set up learns it.
`StaffDirectory.verify(token)` then answers from the local copy alone: a revoked token or a
deactivated member is refused as soon as the snapshot saying so is applied (within seconds).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import structlog
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.common import StaffRole
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.staff import StaffDirectoryRequested, StaffMemberUpdated
from helpdesk_runtime.database import Document
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.staff_tokens import token_ids, token_is_listed

COLLECTION = "staff_directory"
SUBSCRIPTION_PURPOSE = "staff-directory"
log = structlog.get_logger(__name__)


@dataclass(frozen=True, slots=True)
class StaffCredential:
    """The staff member a valid bearer token speaks for, as the directory describes them now."""

    agent_id: str
    name: str
    role: StaffRole
    groups: tuple[str, ...] = ()
    email: str | None = None


class StaffDirectory:
    """The newest snapshot of every staff member, in the service's own database."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._members = database[COLLECTION]

    async def apply(self, member: StaffMemberUpdated) -> bool:
        """Keep `member` unless a snapshot as new or newer is stored; True when kept."""
        fields = member.model_dump(mode="python", exclude={"agent_id"})
        fields["groups"] = list(member.groups)
        fields["tokens"] = [token.model_dump(mode="python") for token in member.tokens]
        older = {"_id": member.agent_id, "revision": {"$lt": member.revision}}
        try:
            result = await self._members.update_one(older, {"$set": fields}, upsert=True)
        except DuplicateKeyError:  # a newer (or the same) snapshot is already stored
            return False
        return bool(result.modified_count or result.upserted_id is not None)

    async def member(self, agent_id: str) -> Document | None:
        return await self._members.find_one({"_id": agent_id})

    async def verify(self, token: str) -> StaffCredential | None:
        """Who `token` speaks for; None when it is malformed, unknown, revoked or the member is
        not active."""
        ids = token_ids(token)
        if ids is None:
            return None
        member = await self.member(ids.agent_id)
        if member is None or not member.get("active", False):
            return None
        if not token_is_listed(token, ids, member.get("tokens") or ()):
            return None
        return StaffCredential(
            agent_id=ids.agent_id,
            name=member["name"],
            role=member["role"],
            groups=tuple(member.get("groups") or ()),
            email=member.get("email"),
        )


def follow_staff_directory(runtime: ServiceRuntime) -> StaffDirectory:
    """Keep `runtime`'s service's copy of the staff directory up to date; returns it."""
    directory = StaffDirectory(runtime.db)

    async def on_member(envelope: Envelope[Any]) -> None:
        member: StaffMemberUpdated = envelope.payload
        kept = await directory.apply(member)
        log.info("staff member", agent_id=member.agent_id, revision=member.revision, kept=kept)

    async def ask_for_everyone() -> None:
        request = StaffDirectoryRequested(service=runtime.service)
        delay = 1.0
        while True:
            try:
                await runtime.publisher.publish_event(
                    new_envelope(request, producer=runtime.service)
                )
                return
            except Exception as error:  # broker blip right after start: ask again shortly
                log.warning("staff directory request not sent", error=repr(error)[:300])
                await asyncio.sleep(delay)
                delay = min(delay * 2, 30.0)

    runtime.subscribe_events(SUBSCRIPTION_PURPOSE, {StaffMemberUpdated: on_member})
    runtime.in_background(ask_for_everyone)
    return directory
