"""Customer tokens: the opaque session tokens of "Meus chamados" (server-side, revocable) and
the form tokens the portal's HTML forms carry (CSRF)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from itsdangerous import Signer

from tickets.adapters.customer_sessions import CustomerSessionStore

FORM_SALT = "helpdesk.customer.form.v1"


class CustomerTokens:
    def __init__(self, secret: str, sessions: CustomerSessionStore, *, max_age_s: int) -> None:
        self._forms = Signer(secret, salt=FORM_SALT)
        self._sessions = sessions
        self.max_age_s = max_age_s

    async def issue(self, contact_id: str) -> str:
        """A new session of `contact_id`, valid `max_age_s` unless signed out earlier."""
        lifetime = timedelta(seconds=self.max_age_s)
        return await self._sessions.open(contact_id, now=datetime.now(UTC), lifetime=lifetime)

    async def contact_of(self, token: str) -> str | None:
        """The requester the token speaks for; None when unknown, signed out or expired."""
        return await self._sessions.contact_of(token, now=datetime.now(UTC))

    async def revoke(self, token: str) -> None:
        """Sign out: the token (and every copy of it) stops working now."""
        await self._sessions.end(token)

    def form_token(self, token: str) -> str:
        """What the portal's HTML forms carry to prove they were served to the holder of
        `token` (CSRF): derived from the token, so it needs no storage and ends with it."""
        return self._forms.get_signature(token).decode()
