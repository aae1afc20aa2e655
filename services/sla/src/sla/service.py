"""Use cases of the sla service: what it needs at hand, and keeping clocks on the config."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from helpdesk_calendar.service_clock import ServiceClock
from sla.adapters.clock_store import ClockStore, StoredClock
from sla.adapters.config_store import ConfigStore
from sla.adapters.staff_roster import StaffRoster
from sla.configuration import ActiveConfig
from sla.domain.clock import DONE_STATUSES, SlaClock
from sla.domain.clock_occurrences import PriorityChanged, apply_occurrence


@dataclass(frozen=True)
class SlaDependencies:
    """Everything the use cases use, handed over by the wiring."""

    clocks: ClockStore
    configs: ConfigStore
    config: ActiveConfig
    staff: StaffRoster
    """Who holds each role, for the people an escalation step tells."""
    time: ServiceClock
    events_stored: Callable[[], None]
    """Called after a write that pushed events (wakes the outbox relay)."""
    deadlines_changed: Callable[[], None]
    """Called after a write that may have brought a deadline closer (wakes the detector)."""


class ConcurrentChange(Exception):
    """The clock kept changing under us; the broker redelivers the event later."""


def on_current_config(stored: StoredClock, config: ActiveConfig, at: datetime) -> SlaClock:
    """The clock recomputed on the configuration in force when it was computed on an older one.

    Business time already used is kept; targets, calendar and checkpoints follow the new policy.
    """
    clock = stored.clock
    if stored.config_version >= config.version or clock.status in DONE_STATUSES:
        return clock
    if clock.priority not in config.policy.priorities:
        return clock
    return apply_occurrence(clock, PriorityChanged(at=at, priority=clock.priority), config.policy)
