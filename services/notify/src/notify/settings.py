"""Settings of the notify service (environment variables with the HELPDESK_ prefix).

Mappings (``HELPDESK_WHATSAPP_TEMPLATES``, ``HELPDESK_FIRST_RESPONSE_HOURS``) are JSON objects;
``HELPDESK_STAFF_TOKENS`` is a comma-separated list of bearer tokens accepted from staff until
the tickets service's token verification is shared (see auth.py).
"""

from __future__ import annotations

from pydantic import Field

from helpdesk_runtime.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    http_port: int = 8005

    brand: str = "Helpdesk"
    time_zone: str = Field(default="America/Sao_Paulo", description="Zone deadlines are shown in")

    mail_from_name: str = "Suporte"
    mail_local_part: str = Field(default="suporte", description="suporte+<token>@domain replies")
    mail_domain: str = "example.com.br"
    message_id_domain: str | None = None

    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_starttls: bool = Field(default=False, description="Upgrade the connection with STARTTLS")
    smtp_implicit_tls: bool = Field(default=False, description="TLS from the start (port 465)")
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout_s: float = 30.0

    whatsapp_base_url: str = "https://graph.facebook.com/v21.0"
    whatsapp_phone_number_id: str = ""
    whatsapp_token: str = ""
    whatsapp_timeout_s: float = 15.0
    whatsapp_templates: dict[str, str] = Field(
        default_factory=dict, description="Approved template name per notification kind"
    )

    first_response_hours: dict[str, int] = Field(
        default_factory=lambda: {"P0": 1, "P1": 4, "P2": 8, "P3": 24},
        description="Expected first response, in business hours, told on ticket creation",
    )
    csat_url_template: str = Field(
        default="https://suporte.example.com.br/csat/{ticket_number}?token={reply_token}",
        description="Satisfaction survey link sent with the resolution",
    )

    send_lease_s: float = Field(
        default=120.0, description="How long one worker owns a delivery while sending it"
    )
    staff_tokens: str = Field(default="", description="Comma-separated staff bearer tokens")

    @property
    def accepted_staff_tokens(self) -> tuple[str, ...]:
        return tuple(token.strip() for token in self.staff_tokens.split(",") if token.strip())
