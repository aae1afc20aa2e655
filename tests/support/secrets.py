"""Random secrets for one test or benchmark run, as a deployment must have its own
(helpdesk_runtime.secrets); service processes started by the run inherit them."""

from __future__ import annotations

import os
import secrets

SERVICE_SECRETS = (
    "HELPDESK_CUSTOMER_TOKEN_SECRET",
    "HELPDESK_FILE_LINK_SECRET",
    "HELPDESK_WHATSAPP_APP_SECRET",
    "HELPDESK_WHATSAPP_VERIFY_TOKEN",
)


def provide_random_secrets() -> None:
    """Set each service secret not set yet to a random value in this process's environment."""
    for variable in SERVICE_SECRETS:
        os.environ.setdefault(variable, secrets.token_urlsafe(32))
