"""The staff directory, published by tickets (which owns agents, roles, groups and tokens).

Every other service keeps its own copy, built from these events, and checks staff bearer tokens
against it without calling tickets. A snapshot is the whole member as it stands: a consumer keeps
the one with the highest `revision` and ignores older or repeated ones, so order and duplicates do
not matter. Tokens travel as their id and the SHA-256 of the whole token: a verifier that can
neither be presented as a credential nor reversed (the token holds 256 random bits); the token
itself never leaves tickets.
"""

from __future__ import annotations

from pydantic import AwareDatetime, EmailStr, Field

from helpdesk_contracts.base import Contract, EventPayload
from helpdesk_contracts.common import Language, StaffRole


class StaffTokenVerifier(Contract):
    """One valid bearer token of a staff member, by id; never the token itself."""

    token_id: str = Field(min_length=1, max_length=64)
    sha256: str = Field(
        pattern=r"^[0-9a-f]{64}$", description="SHA-256 (hex) of the whole token as presented"
    )
    issued_at: AwareDatetime | None = None


class StaffMemberUpdated(EventPayload):
    """A staff member as they stand after a change (or re-announced for a new consumer).

    Published when the member is added, changes name, email, role, groups or active state, or
    gets or loses a token; every member again when tickets starts and when a service asks
    (`staff.directory_requested`)."""

    event_type = "staff.member_updated"

    agent_id: str = Field(min_length=1, max_length=64, pattern=r"^[^.\s]+$")
    revision: int = Field(ge=1, description="Grows with every change of this member; keep the max")
    name: str
    email: EmailStr | None = None
    role: StaffRole
    groups: tuple[str, ...] = ()
    active: bool = Field(default=True, description="False: no token of theirs is accepted")
    tokens: tuple[StaffTokenVerifier, ...] = Field(
        default=(), description="Every token still valid; a token missing here is revoked"
    )


class StaffDirectoryRequested(EventPayload):
    """A service (new, or with an empty copy) asks tickets to announce every staff member."""

    event_type = "staff.directory_requested"

    service: str = Field(min_length=1, description="Who asks, for the log")


class StaffSignInLinkRequested(EventPayload):
    """A staff member asked for a sign-in link to the analysts' workspace (`/desk/`); notify
    emails it to the address the staff directory holds for them."""

    event_type = "staff.sign_in_link_requested"

    agent_id: str = Field(min_length=1, max_length=64)
    name: str | None = None
    email: EmailStr
    language: Language = "pt-BR"
    link: str = Field(description="Single-use sign-in link; secret, never log it")
    expires_at: AwareDatetime
