"""Secrets a service needs before it may start: present, unguessable and not a value that was
ever published (a sample, a placeholder, an old default).

Outside development mode (`HELPDESK_ENV=development`) a missing or known secret stops the
service at start-up with the name of the variable to set. In development mode a missing one is
replaced by a random value for this process only (and said so in the log), so nothing ever
runs on a value an attacker could look up.
"""

from __future__ import annotations

import secrets

import structlog
from pydantic import SecretStr

from helpdesk_runtime.settings import ServiceSettings

log = structlog.get_logger(__name__)

MINIMUM_LENGTH = 16
KNOWN_SECRETS = frozenset(
    {
        "development-only-secret-change-me",  # the customer-token default until 2026-12
        "change-me",
        "changeme",
        "secret",
        "password",
    }
)


class UnsafeSecret(RuntimeError):
    """The service must not start: `variable` is missing, too short or publicly known."""

    def __init__(self, variable: str, reason: str) -> None:
        super().__init__(
            f"{variable} {reason}. Set it to a random value of at least {MINIMUM_LENGTH} "
            f"characters (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`), "
            "or set HELPDESK_ENV=development on a developer machine."
        )
        self.variable = variable


def required_secret(settings: ServiceSettings, field: str) -> str:
    """The value of the secret setting `field`, or UnsafeSecret (see module doc)."""
    raw = getattr(settings, field)
    value = raw.get_secret_value() if isinstance(raw, SecretStr) else (raw or "")
    variable = f"HELPDESK_{field.upper()}"
    problem = _problem(value)
    if problem is None:
        return str(value)
    if not settings.is_development:
        raise UnsafeSecret(variable, problem)
    if value:  # a developer chose it: their machine, their call
        log.warning("development mode: weak secret accepted", variable=variable, reason=problem)
        return str(value)
    log.warning("development mode: random secret for this process only", variable=variable)
    return secrets.token_urlsafe(32)


def _problem(value: str) -> str | None:
    if not value:
        return "is not set"
    if value.strip().lower() in KNOWN_SECRETS:
        return "is a publicly known value"
    if len(value) < MINIMUM_LENGTH:
        return f"is shorter than {MINIMUM_LENGTH} characters"
    return None
