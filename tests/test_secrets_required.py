"""No secret has a usable default: a service with a missing or publicly known secret refuses to
start, naming the variable to set, unless HELPDESK_ENV=development says it is a developer's."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpdesk_runtime.secrets import UnsafeSecret
from intake.app import build_app as build_intake
from intake.settings import IntakeSettings
from tests.support.processes import ROOT
from tests.support.secrets import SERVICE_SECRETS
from tickets.app import build_app as build_tickets
from tickets.settings import TicketsSettings


def started(service: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """`python -m <service>` without any secret but `environment`; stopped at once if it runs."""
    env = {k: v for k, v in os.environ.items() if k not in SERVICE_SECRETS and k != "HELPDESK_ENV"}
    return subprocess.run(
        [sys.executable, "-m", service],
        env={**env, **environment, "HELPDESK_HTTP_PORT": "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("service", "variable"),
    [
        ("tickets", "HELPDESK_CUSTOMER_TOKEN_SECRET"),
        ("intake", "HELPDESK_WHATSAPP_APP_SECRET"),
        ("chat", "HELPDESK_FILE_LINK_SECRET"),  # download links tickets signs
    ],
)
def test_service_without_its_secret_refuses_to_start(service: str, variable: str) -> None:
    outcome = started(service, HELPDESK_WHATSAPP_VERIFY_TOKEN="x" * 32)

    assert outcome.returncode != 0
    assert f"{service} refuses to start: {variable} is not set" in outcome.stderr


def test_customer_token_secret_published_as_the_old_default_is_refused() -> None:
    settings = TicketsSettings(customer_token_secret="development-only-secret-change-me")
    with pytest.raises(UnsafeSecret, match="HELPDESK_CUSTOMER_TOKEN_SECRET is a publicly known"):
        build_tickets(settings)
    with pytest.raises(UnsafeSecret, match="shorter than 16"):
        build_tickets(TicketsSettings(customer_token_secret="short"))


def test_whatsapp_secrets_are_required_too() -> None:
    with pytest.raises(UnsafeSecret, match="HELPDESK_WHATSAPP_VERIFY_TOKEN is not set"):
        build_intake(IntakeSettings(whatsapp_verify_token=None))
    with pytest.raises(UnsafeSecret, match="HELPDESK_WHATSAPP_APP_SECRET is not set"):
        build_intake(IntakeSettings(whatsapp_app_secret=None))


def test_development_mode_starts_without_secrets() -> None:
    build_tickets(TicketsSettings(env="development", customer_token_secret=None))
    build_intake(
        IntakeSettings(env="development", whatsapp_app_secret=None, whatsapp_verify_token=None)
    )
