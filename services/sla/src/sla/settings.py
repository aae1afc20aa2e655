"""Settings of the sla service (environment variables with the HELPDESK_ prefix).

``HELPDESK_CLOCK_SPEED`` and ``HELPDESK_CLOCK_EPOCH`` exist for tests and demonstrations: the
service's time runs ``speed`` times faster than the wall clock from ``epoch`` on (every replica
given the same pair agrees on the time). Leave them unset in production.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import AwareDatetime, Field

from helpdesk_calendar.service_clock import ServiceClock
from helpdesk_runtime.settings import ServiceSettings


class SlaSettings(ServiceSettings):
    http_port: int = 8004
    prefetch: int = Field(
        default=1,
        ge=1,
        le=1000,
        description="One ticket event at a time per replica, so that a ticket's events apply in "
        "the order tickets published them (a late one would count at the clock's last change)",
    )
    config_path: Path | None = Field(
        default=None, description="Calendars and policies file; None uses the packaged default"
    )
    detection_max_wait_s: float = Field(
        default=5.0, gt=0, description="Look for due clocks at least this often (seconds)"
    )
    detection_batch: int = Field(
        default=100, ge=1, description="Due clocks of one minute handled together"
    )
    lease_s: float = Field(
        default=30.0, gt=0, description="How long a replica owns a clock it is handling"
    )
    recompute_batch: int = Field(default=200, ge=1, description="Clocks per recompute batch")
    clock_speed: float = Field(default=1.0, gt=0, description="Tests only: time runs faster")
    clock_epoch: AwareDatetime | None = Field(
        default=None, description="Tests only: the instant from which clock_speed applies"
    )

    @property
    def service_clock(self) -> ServiceClock:
        epoch = self.clock_epoch or datetime(2000, 1, 1, tzinfo=UTC)
        return ServiceClock(speed=self.clock_speed, epoch=epoch)


def sla_settings(settings: ServiceSettings) -> SlaSettings:
    """`settings` as SlaSettings (tests and tools may hand over the base settings)."""
    if isinstance(settings, SlaSettings):
        return settings
    return SlaSettings(**settings.model_dump())
