"""tickets service."""
