"""Development-only companions of `make run` (never imported by a service)."""
