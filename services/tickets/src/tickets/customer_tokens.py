"""Signed, expiring customer tokens scoped to one requester ("Meus chamados")."""

from __future__ import annotations

from itsdangerous import BadSignature, Signer, URLSafeTimedSerializer

SALT = "helpdesk.customer.v1"
FORM_SALT = "helpdesk.customer.form.v1"


class CustomerTokens:
    def __init__(self, secret: str, *, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt=SALT)
        self._forms = Signer(secret, salt=FORM_SALT)
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

    def form_token(self, token: str) -> str:
        """What the portal's HTML forms carry to prove they were served to the holder of
        `token` (CSRF): derived from the token, so it needs no storage and ends with it."""
        return self._forms.get_signature(token).decode()
