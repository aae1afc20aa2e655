"""Keeps `make run`'s processes running, as docker-compose's `restart: unless-stopped` does.

A process that exits is started again after a back-off (1 s, doubling to 30 s while it keeps
crashing soon after each start; back to 1 s once it has run for a minute). Every crash and
restart is logged; the others keep working. `stop_all` ends them gracefully (SIGTERM, then
SIGKILL after 30 s).
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

FIRST_BACKOFF_S = 1.0
MAX_BACKOFF_S = 30.0
STEADY_AFTER_S = 60.0
STOP_WITHIN_S = 30.0


def say(message: str) -> None:
    print(f"[run] {message}", flush=True)


def answers_ready(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class Child:
    """One supervised process: how to start it and where it says it is ready."""

    name: str
    start: Callable[[], subprocess.Popen[str]]
    ready_url: str
    process: subprocess.Popen[str] | None = None
    started_at: float = 0.0
    backoff_s: float = FIRST_BACKOFF_S
    restart_at: float | None = None
    restarts: int = 0
    back_again: bool = True

    def launch(self) -> None:
        self.process = self.start()
        self.started_at = time.monotonic()
        self.restart_at = None

    def is_ready(self) -> bool:
        return (
            self.process is not None
            and self.process.poll() is None
            and answers_ready(self.ready_url)
        )

    def check(self, now: float) -> None:
        """Notice a crash and schedule the restart; restart when its time has come."""
        if self.process is not None and self.process.poll() is not None:
            if now - self.started_at >= STEADY_AFTER_S:
                self.backoff_s = FIRST_BACKOFF_S
            code = self.process.returncode
            self.process, self.restart_at = None, now + self.backoff_s
            say(f"{self.name} exited with code {code}; restarting in {self.backoff_s:.0f}s")
            self.backoff_s = min(self.backoff_s * 2, MAX_BACKOFF_S)
        elif self.process is None and self.restart_at is not None and now >= self.restart_at:
            self.restarts += 1
            say(f"restarting {self.name} (restart #{self.restarts})")
            self.launch()
            self.back_again = False
        elif not self.back_again and self.is_ready():
            self.back_again = True
            say(f"{self.name} is ready again")


@dataclass
class Supervisor:
    children: list[Child]
    stopping: threading.Event = field(default_factory=threading.Event)

    def start_all(self) -> None:
        for child in self.children:
            child.launch()

    def watch_until_stopped(
        self, on_all_ready: Callable[[float], None], ready_within_s: float
    ) -> None:
        """Restart what exits until Ctrl-C / SIGTERM; call `on_all_ready` once, the first time
        every child is ready (exit with a message if that takes longer than `ready_within_s`)."""
        started = time.monotonic()
        waiting = list(self.children)
        while not self.stopping.is_set():
            now = time.monotonic()
            for child in self.children:
                child.check(now)
            if waiting:
                waiting = [child for child in waiting if not child.is_ready()]
                if not waiting:
                    on_all_ready(time.monotonic() - started)
                elif now - started > ready_within_s:
                    names = ", ".join(child.name for child in waiting)
                    raise SystemExit(f"not ready after {ready_within_s:.0f}s: {names}")
            self.stopping.wait(0.5)

    def stop_all(self) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_WITHIN_S
        for process in running:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()


def pipe_output(name: str, width: int, stream: Iterable[str]) -> None:
    for line in stream:
        sys.stdout.write(f"{name:<{width}} | {line}")
        sys.stdout.flush()
