"""Chat, notify and sla read the same calendars from the SLA configuration file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from helpdesk_calendar.config import load_business_calendar


def test_calendar_is_read_from_the_calendars_section_beside_other_settings(
    tmp_path: Path,
) -> None:
    path = tmp_path / "sla.yaml"
    path.write_text(
        "policies: {P0: {calendar: desk}}\n"
        "calendars:\n"
        "  desk:\n"
        "    timezone: America/Manaus\n"
        "    opening_hours: {saturday: ['08:00-12:00']}\n"
        "    holidays: null\n"
        "    closed_dates: [2026-12-12]\n"
    )
    desk = load_business_calendar(path, "desk")
    assert str(desk.zone) == "America/Manaus"
    assert desk.is_closed(date(2026, 12, 12))
    assert not desk.is_closed(date(2026, 12, 19))


def test_without_a_file_the_default_business_calendar_closes_on_national_holidays() -> None:
    business = load_business_calendar(None, "business")
    assert business.is_closed(date(2026, 9, 7))  # Independence Day
    assert not business.is_closed(date(2026, 9, 8))


def test_a_calendar_the_file_does_not_name_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "sla.yaml"
    path.write_text("calendars: {desk: {}}\n")
    with pytest.raises(ValueError, match="calendar 'business' is not in"):
        load_business_calendar(path, "business")


def test_a_malformed_slot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "sla.yaml"
    path.write_text("calendars: {desk: {opening_hours: {monday: ['9h-18h']}}}\n")
    with pytest.raises(ValidationError, match="pattern"):
        load_business_calendar(path, "desk")
