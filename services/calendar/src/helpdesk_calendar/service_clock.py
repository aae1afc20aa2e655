"""The service's notion of now: the wall clock, or a faster one that tests can share."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class ServiceClock:
    """`speed` times the wall clock from `epoch` on; speed 1 is the plain wall clock."""

    speed: float = 1.0
    epoch: datetime = datetime(2000, 1, 1, tzinfo=UTC)

    def now(self) -> datetime:
        real = datetime.now(UTC)
        if self.speed == 1.0:
            return real
        return self.epoch + (real - self.epoch) * self.speed

    def seconds_until(self, instant: datetime) -> float:
        """Wall-clock seconds until the service's time reaches `instant` (0 if it has)."""
        return max(0.0, (instant - self.now()).total_seconds() / self.speed)
