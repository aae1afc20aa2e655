"""Adapters of the sla service: the Mongo collections holding clocks and configuration."""
