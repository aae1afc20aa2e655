"""Counting the database commands a client sends (benchmarks' cost per item, tests that pin a
command budget)."""

from __future__ import annotations

from pymongo import monitoring


class DatabaseCommands(monitoring.CommandListener):
    """Counts the commands of every client it listens to."""

    def __init__(self) -> None:
        self.sent = 0

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.sent += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass
