"""sla service."""
