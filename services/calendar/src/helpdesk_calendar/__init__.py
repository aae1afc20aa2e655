"""Business calendars and business-time arithmetic shared by sla, chat and notify (no I/O)."""
