"""Staff bearer tokens: `hd1.<agent id>.<token id>.<secret>`, self-describing and opaque.

The agent and token ids say where to look (any service's copy of the staff directory, by `_id`);
the secret (256 random bits) is what proves possession. Only the SHA-256 of the whole token is
stored and published, so a copy of the directory cannot be turned back into a credential, and
there is no signing key to share between services or to rotate: revoking a token is removing
its id from the directory.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

TOKEN_VERSION = "hd1"
_PART = r"[A-Za-z0-9_-]+"
_SHAPE = re.compile(rf"^{TOKEN_VERSION}\.({_PART})\.({_PART})\.({_PART})$")
MAX_TOKEN_LENGTH = 256


@dataclass(frozen=True, slots=True)
class TokenIds:
    """What a well-formed token says about itself (nothing is proven yet)."""

    agent_id: str
    token_id: str


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new token: shown once to the person it is for, then only its digest is kept."""

    token: str
    token_id: str
    sha256: str


def token_sha256(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_staff_token(agent_id: str) -> IssuedToken:
    """A fresh token for `agent_id` (an id without dots or spaces)."""
    if not re.fullmatch(_PART, agent_id):
        raise ValueError(f"agent id {agent_id!r} cannot be part of a token")
    token_id = f"t-{secrets.token_hex(6)}"
    token = f"{TOKEN_VERSION}.{agent_id}.{token_id}.{secrets.token_urlsafe(32)}"
    return IssuedToken(token=token, token_id=token_id, sha256=token_sha256(token))


def token_ids(token: str) -> TokenIds | None:
    """The ids a token names; None when it is not a staff token of this format."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    shape = _SHAPE.match(token)
    return TokenIds(agent_id=shape[1], token_id=shape[2]) if shape else None


def token_is_listed(token: str, ids: TokenIds, listed: Iterable[Mapping[str, Any]]) -> bool:
    """Whether `token` is one of the `listed` tokens ({"token_id", "sha256"}), compared in
    constant time."""
    digest = token_sha256(token)
    return any(
        entry.get("token_id") == ids.token_id
        and hmac.compare_digest(str(entry.get("sha256", "")), digest)
        for entry in listed
    )
