"""When a pending ticket's requester is reminded: N business days after it went pending.

The business calendar is the sla service's (its domain does the maths); a reminder is named by
the ticket and the instant it went pending, so every copy of one reminder is the same event.
"""

from datetime import datetime
from uuid import UUID, uuid5

from helpdesk_calendar.business_time import add_business_minutes
from helpdesk_calendar.calendar import BusinessCalendar

_REMINDERS = UUID("6f0c1d0e-8a53-4d52-9a8e-2f3b7c1e9d41")
"""Namespace of reminder event ids (uuid5), so a reminder's deliveries keep one key."""


def daily_business_minutes(calendar: BusinessCalendar) -> int:
    """A business day's length: the longest open weekday of the calendar's week."""
    hours = calendar.opening_hours
    return max(sum(s.end - s.start for s in hours.slots_on(day)) for day in range(7))


def reminder_due(
    calendar: BusinessCalendar, pending_since: datetime, business_days: int
) -> datetime:
    """The instant ``business_days`` business days of waiting end."""
    minutes = business_days * daily_business_minutes(calendar)
    return add_business_minutes(calendar, pending_since, minutes)


def reminder_name(ticket_number: str, pending_since: datetime) -> str:
    return f"reminder:{ticket_number}:{pending_since.isoformat()}"


def reminder_event_id(ticket_number: str, pending_since: datetime) -> UUID:
    """The stable synthetic event id the reminder's deliveries are keyed by."""
    return uuid5(_REMINDERS, reminder_name(ticket_number, pending_since))
