"""When a pending ticket's reminder falls due, counted in the desk's business days."""

from __future__ import annotations

from datetime import UTC, datetime

from helpdesk_calendar.config import load_business_calendar
from notify.domain.pending_reminder import reminder_due, reminder_event_id


def test_two_business_days_from_friday_afternoon_end_on_tuesday_afternoon() -> None:
    business = load_business_calendar(None, "business")  # Mon-Fri 09:00-18:00 São Paulo
    friday_5pm = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)

    assert reminder_due(business, friday_5pm, 2) == datetime(2026, 3, 10, 20, 0, tzinfo=UTC)


def test_round_the_clock_business_day_is_a_calendar_day() -> None:
    always = load_business_calendar(None, "24x7")
    saturday = datetime(2026, 3, 7, 3, 30, tzinfo=UTC)

    assert reminder_due(always, saturday, 1) == datetime(2026, 3, 8, 3, 30, tzinfo=UTC)


def test_a_reminder_keeps_one_event_id_per_ticket_and_pending_spell() -> None:
    since = datetime(2026, 3, 6, 20, 0, tzinfo=UTC)
    later = datetime(2026, 3, 12, 20, 0, tzinfo=UTC)

    assert reminder_event_id("2024000101", since) == reminder_event_id("2024000101", since)
    assert reminder_event_id("2024000101", since) != reminder_event_id("2024000101", later)
    assert reminder_event_id("2024000101", since) != reminder_event_id("2024000102", since)
