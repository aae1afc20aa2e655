"""How an agent is stored (`agents` collection) and announced to the other services.

Besides the `Agent` fields a document holds `revision` (grows with every change the staff
directory shows) and `tokens`, the agent's valid bearer tokens as {"token_id", "sha256",
"issued_at"}: only digests, the tokens themselves are shown once and never stored.
"""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.envelope import Envelope, new_envelope
from helpdesk_contracts.events.staff import StaffMemberUpdated, StaffTokenVerifier
from helpdesk_runtime.database import Document
from tickets.domain.agents import Agent, Group


def agent_of(document: Document) -> Agent:
    values = {k: v for k, v in document.items() if k in Agent.model_fields}
    return Agent.model_validate({**values, "id": document["_id"]})


def group_of(document: Document) -> Group:
    values = {k: v for k, v in document.items() if k in Group.model_fields}
    return Group.model_validate({**values, "id": document["_id"]})


def stored_fields(model: Agent | Group) -> Document:
    return model.model_dump(mode="python", exclude={"id"})


def directory_entry(document: Document) -> Envelope[Any]:
    """The staff directory's snapshot of the agent stored as `document`."""
    agent = agent_of(document)
    member = StaffMemberUpdated(
        agent_id=agent.id,
        revision=document["revision"],
        name=agent.name,
        email=agent.email,
        role=agent.role.value,
        groups=agent.group_ids,
        active=agent.active,
        tokens=tuple(
            StaffTokenVerifier.model_validate(token) for token in document.get("tokens") or ()
        ),
    )
    return new_envelope(member, producer="tickets")
