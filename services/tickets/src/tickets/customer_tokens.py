"""Signed, expiring customer tokens scoped to one requester ("Meus chamados")."""

from __future__ import annotations

from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "helpdesk.customer.v1"


class CustomerTokens:
    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self.max_age_s = max_age_s

    def issue(self, contact_id: str) -> str:
        return self._serializer.dumps({"contact_id": contact_id})

    def contact_of(self, token: str) -> str | None:
        """The requester the token speaks for; None when forged, tampered or expired."""
        try:
            data = self._serializer.loads(token, max_age=self.max_age_s)
        except BadSignature:  # SignatureExpired is a BadSignature too
            return None
        contact_id = data.get("contact_id") if isinstance(data, dict) else None
        return contact_id if isinstance(contact_id, str) else None
