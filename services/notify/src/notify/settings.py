"""Settings of the notify service (environment variables with the HELPDESK_ prefix).

Mappings (``HELPDESK_WHATSAPP_TEMPLATES``, ``HELPDESK_FIRST_RESPONSE_HOURS``) are JSON objects.

``HELPDESK_CLOCK_SPEED`` and ``HELPDESK_CLOCK_EPOCH`` (as in the sla service) are for tests:
reminders are timed on a clock running ``speed`` times faster from ``epoch`` on.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import AwareDatetime, Field

from helpdesk_calendar.service_clock import ServiceClock
from helpdesk_runtime.settings import ServiceSettings
from notify.domain.whatsapp_templates import default_template_names


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
        default_factory=default_template_names,
        description="Approved template name per notification kind (default helpdesk_<kind>)",
    )

    first_response_hours: dict[str, int] = Field(
        default_factory=lambda: {"P0": 1, "P1": 4, "P2": 8, "P3": 24},
        description="Expected first response, in business hours, told on ticket creation",
    )
    customer_portal_url: str = Field(
        default="http://127.0.0.1:8002/meus-chamados",
        description="Tickets' \"Meus chamados\" page (the same setting as tickets'), linked from "
        "every requester e-mail about a ticket",
    )
    csat_url_template: str | None = Field(
        default=None,
        description="Satisfaction survey link sent with the resolution; None: the portal's "
        "rating page, {customer_portal_url}/{ticket_number}/avaliar?token={reply_token}",
    )

    send_lease_s: float = Field(
        default=120.0, description="How long one worker owns a delivery while sending it"
    )

    reminder_business_days: int = Field(
        default=2, ge=1, description="Remind a pending ticket's requester after this many days"
    )
    calendar_file: Path | None = Field(
        default=None, description="The sla service's YAML configuration; None = its default"
    )
    calendar_name: str = Field(default="business", description="Calendar of that file to use")
    reminder_poll_s: float = Field(
        default=5.0, gt=0, description="Look for due reminders at least this often (seconds)"
    )
    reminder_lease_s: float = Field(
        default=120.0, gt=0, description="How long one replica owns a reminder while sending it"
    )
    clock_speed: float = Field(default=1.0, gt=0, description="Tests only: time runs faster")
    clock_epoch: AwareDatetime | None = Field(
        default=None, description="Tests only: the instant from which clock_speed applies"
    )

    def service_clock(self) -> ServiceClock:
        epoch = self.clock_epoch or datetime(2000, 1, 1, tzinfo=UTC)
        return ServiceClock(speed=self.clock_speed, epoch=epoch)

    @property
    def rating_url_template(self) -> str:
        """Where the resolution e-mail sends the customer to rate the service."""
        portal = self.customer_portal_url.rstrip("/")
        return self.csat_url_template or f"{portal}/{{ticket_number}}/avaliar?token={{reply_token}}"
