"""Runtime every helpdesk service shares: settings, logging, broker, database, health, outbox."""
