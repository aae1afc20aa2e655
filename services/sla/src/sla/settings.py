"""Settings of the sla service (environment variables with the HELPDESK_ prefix)."""

from __future__ import annotations

from helpdesk_runtime.settings import ServiceSettings


class SlaSettings(ServiceSettings):
    http_port: int = 8004
