"""The business calendar reminders count on: the sla service's configuration file (or its
bundled default), read with the sla service's own loader so both agree on business days."""

from __future__ import annotations

from pathlib import Path

from sla.config_file import default_sla_config, load_sla_config
from sla.domain.calendar import BusinessCalendar


def load_business_calendar(path: Path | None, name: str) -> BusinessCalendar:
    config = load_sla_config(path) if path is not None else default_sla_config()
    if name not in config.calendars:
        raise ValueError(f"calendar {name!r} is not in {path or 'the default sla config'}")
    return config.calendars[name].to_calendar(name)
