"""Checks that a WhatsApp Cloud API call really comes from Meta."""

from __future__ import annotations

import hashlib
import hmac

_PREFIX = "sha256="


def verify_signature(raw_body: bytes, header_value: str | None, app_secret: str) -> bool:
    """Whether X-Hub-Signature-256 ("sha256=<hex>") is the HMAC-SHA256 of the raw body."""
    if not header_value or not app_secret:
        return False
    value = header_value.strip()
    if not value.lower().startswith(_PREFIX):
        return False
    received = value[len(_PREFIX) :].strip().lower()
    expected = hmac.new(app_secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode("ascii"), received.encode("utf-8", "replace"))


def verify_subscription(
    mode: str | None, token: str | None, challenge: str | None, expected_token: str
) -> str | None:
    """The hub.challenge to echo when mode is "subscribe" and the token matches; else None."""
    if mode != "subscribe" or token is None or challenge is None or not expected_token:
        return None
    if not hmac.compare_digest(token.encode("utf-8"), expected_token.encode("utf-8")):
        return None
    return challenge
