"""Settings of the intake service (environment variables with the HELPDESK_ prefix)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from helpdesk_runtime.settings import ServiceSettings
from intake.domain.email_limits import MEGABYTE, Limits
from intake.domain.service_catalogue import ServiceCatalogue, default_catalogue, load_catalogue


class IntakeSettings(ServiceSettings):
    http_port: int = 8001
    smtp_host: str | None = Field(default=None, description="Defaults to http_host")
    smtp_port: int = 2525
    smtp_hostname: str = Field(default="intake", description="Name in the SMTP greeting")
    support_addresses: tuple[str, ...] = ("suporte@example.com.br",)
    own_addresses: tuple[str, ...] = ("naoresponda@example.com.br",)
    max_message_bytes: int = Field(default=25 * MEGABYTE, gt=0)
    max_attachment_bytes: int = Field(default=25 * MEGABYTE, gt=0)
    max_attachments: int = Field(default=50, ge=0)
    inline_storage_bytes: int = Field(
        default=1 * MEGABYTE, ge=0, description="Beyond this, raw bytes and files go to GridFS"
    )
    catalogue_path: Path | None = Field(default=None, description="YAML; the shipped one if unset")
    whatsapp_verify_token: SecretStr | None = Field(
        default=None, description="hub.verify_token Meta sends when the webhook is subscribed"
    )
    whatsapp_app_secret: SecretStr | None = Field(
        default=None, description="Meta app secret: key of X-Hub-Signature-256"
    )

    @property
    def limits(self) -> Limits:
        return Limits(
            max_total_bytes=self.max_message_bytes,
            max_attachment_bytes=self.max_attachment_bytes,
            max_attachments=self.max_attachments,
        )

    def catalogue(self) -> ServiceCatalogue:
        if self.catalogue_path is None:
            return default_catalogue()
        return load_catalogue(self.catalogue_path.read_text(encoding="utf-8"))
