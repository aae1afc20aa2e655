"""Settings of the analysts' workspace (environment variables with the HELPDESK_ prefix)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from pydantic import Field

from helpdesk_runtime.settings import ServiceSettings


class DeskSettings(ServiceSettings):
    http_port: int = 8006
    tickets_url: str = Field(
        default="http://127.0.0.1:8002", description="The tickets service's public HTTP API"
    )
    sla_url: str = Field(default="http://127.0.0.1:8004", description="The sla service's API")
    chat_url: str = Field(
        default="http://127.0.0.1:8003",
        description="The chat service (agent WebSocket, attachments, overview) as desk reaches it",
    )
    session_max_age_s: int = Field(
        default=12 * 3600, gt=0, description="A workspace session ends this long after sign-in"
    )
    public_url: str = Field(
        default="http://127.0.0.1:8006",
        description="Where browsers reach the workspace; a POST whose Origin names another host "
        "is refused, and the cookie is Secure when this is https",
    )
    api_timeout_s: float = Field(default=10.0, gt=0)
    time_zone: ZoneInfo = Field(
        default=ZoneInfo("America/Sao_Paulo"),
        description="The analysts' time zone: every time on the pages is shown in it, and "
        "«today» on the leader view starts at its midnight (IANA name)",
    )
