"""Counting the database commands a client sends (benchmarks' cost per item, tests that pin a
command budget)."""

from __future__ import annotations

from collections import Counter

from pymongo import monitoring


class DatabaseCommands(monitoring.CommandListener):
    """Counts the commands of every client it listens to."""

    def __init__(self) -> None:
        self.sent = 0
        self.by_kind: Counter[str] = Counter()
        """`<command> <collection>` (e.g. `insert chat_messages`): how many of each."""

    def started(self, event: monitoring.CommandStartedEvent) -> None:
        self.sent += 1
        self.by_kind[f"{event.command_name} {event.command.get(event.command_name)}"] += 1

    def succeeded(self, event: monitoring.CommandSucceededEvent) -> None:
        pass

    def failed(self, event: monitoring.CommandFailedEvent) -> None:
        pass
