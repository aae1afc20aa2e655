"""`make run`'s supervisor waits longer before each restart of a process that keeps crashing, and
forgets the crashes of one that then ran steadily (real short-lived processes, explicit clock)."""

from __future__ import annotations

import subprocess
import sys

from deploy.supervisor import MAX_BACKOFF_S, STEADY_AFTER_S, Child


def crashing() -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"], text=True)


def crash_and_restart(child: Child, now: float) -> float:
    """Let the running process die, note it at `now`; the delay until it is started again."""
    assert child.process is not None
    child.process.wait(30)
    child.check(now)
    assert child.process is None
    assert child.restart_at is not None
    delay = child.restart_at - now
    child.check(child.restart_at)
    child.started_at = now + delay
    return delay


def test_a_process_that_keeps_crashing_waits_longer_each_time_up_to_a_limit() -> None:
    child = Child("tickets", crashing, "http://127.0.0.1:9/health/ready")
    child.launch()
    child.started_at = now = 1000.0
    delays = []
    for _ in range(7):
        delay = crash_and_restart(child, now)
        delays.append(delay)
        now += delay + 1
    assert delays == [1, 2, 4, 8, 16, MAX_BACKOFF_S, MAX_BACKOFF_S]
    assert child.restarts == 7


def test_a_crash_after_a_steady_minute_is_restarted_at_once_again() -> None:
    child = Child("notify", crashing, "http://127.0.0.1:9/health/ready")
    child.launch()
    child.started_at = now = 1000.0
    for _ in range(4):
        now += crash_and_restart(child, now) + 1
    steady = child.started_at + STEADY_AFTER_S + 1
    assert crash_and_restart(child, steady) == 1
