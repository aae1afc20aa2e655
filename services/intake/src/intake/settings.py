"""Settings of the intake service (environment variables with the HELPDESK_ prefix)."""

from __future__ import annotations

from helpdesk_runtime.settings import ServiceSettings


class IntakeSettings(ServiceSettings):
    http_port: int = 8001
