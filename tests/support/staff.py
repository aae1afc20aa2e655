"""Staff members with real tokens, announced the way tickets announces its staff directory, for
tests of a service that checks staff tokens without running tickets."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from helpdesk_contracts.common import StaffRole
from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.staff import StaffMemberUpdated, StaffTokenVerifier
from helpdesk_runtime.staff_tokens import IssuedToken, issue_staff_token
from tests.support.events import publish_event


@dataclass(frozen=True)
class StaffOnDuty:
    """A staff member and one bearer token of theirs."""

    agent_id: str
    name: str
    issued: IssuedToken
    role: StaffRole = "agent"
    groups: tuple[str, ...] = ()
    email: str | None = None

    @property
    def token(self) -> str:
        return self.issued.token

    @property
    def bearer(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def snapshot(
        self, *, revision: int = 1, active: bool = True, revoked: bool = False
    ) -> Envelope[StaffMemberUpdated]:
        """What tickets publishes for this member (`revoked`: their token was ended)."""
        token = StaffTokenVerifier(token_id=self.issued.token_id, sha256=self.issued.sha256)
        member = StaffMemberUpdated(
            agent_id=self.agent_id,
            revision=revision,
            name=self.name,
            email=self.email,
            role=self.role,
            groups=self.groups,
            active=active,
            tokens=() if revoked else (token,),
        )
        return new_envelope(member, producer="tickets")


def staff_member(
    name: str,
    role: StaffRole = "agent",
    groups: tuple[str, ...] = (),
    email: str | None = None,
    agent_id: str | None = None,
) -> StaffOnDuty:
    """A new member with a fresh token (not announced yet)."""
    agent_id = agent_id or f"a-{uuid.uuid4().hex[:12]}"
    issued = issue_staff_token(agent_id)
    return StaffOnDuty(agent_id, name, issued, role=role, groups=groups, email=email)


async def announce_staff(amqp_url: str, namespace: str, *members: StaffOnDuty) -> None:
    """Publish each member's first snapshot, as tickets does when they get their token."""
    for member in members:
        await publish_event(amqp_url, namespace, member.snapshot())
