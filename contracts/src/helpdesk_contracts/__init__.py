"""Event contracts shared by every helpdesk service."""
