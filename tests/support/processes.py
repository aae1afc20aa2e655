"""Services started as real processes, and polling with a deadline instead of sleeping."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import httpx

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def eventually(check: Callable[[], T | None], *, timeout: float = 30, what: str = "") -> T:
    """Poll `check` until it returns a truthy value; fail with `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(0.1)
    raise AssertionError(f"not within {timeout}s: {what} (last value: {last!r})")


@dataclass
class ServiceProcess:
    """One service run as `python -m <service>` with its own port and log file."""

    service: str
    environment: dict[str, str]
    log_dir: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.service}-{self.port}.log"

    def start(self) -> ServiceProcess:
        env = {**os.environ, **self.environment, "HELPDESK_HTTP_PORT": str(self.port)}
        self.log_dir.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.service], env=env, stdout=log, stderr=log, cwd=ROOT
            )
        return self

    def ready_status(self) -> int:
        try:
            return httpx.get(f"{self.url}/health/ready", timeout=5).status_code
        except httpx.HTTPError:
            return 0

    def metrics(self) -> str:
        return httpx.get(f"{self.url}/metrics", timeout=5).text

    def kill(self) -> None:
        """SIGKILL: a crash at an arbitrary moment."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)

    def stop(self) -> None:
        """SIGTERM: the graceful shutdown an orchestrator asks for."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.kill()


@contextlib.contextmanager
def services_running(
    processes: dict[str, ServiceProcess], logs: Path, *, timeout: float = 90
) -> Iterator[dict[str, ServiceProcess]]:
    """Start every process and wait until each answers /health/ready with 200; stop them all
    afterwards and print the tail of their logs."""
    for process in processes.values():
        process.start()
    try:
        for process in processes.values():
            eventually(
                lambda: process.ready_status() == 200,  # noqa: B023 (used within the loop)
                timeout=timeout,
                what=f"{process.service} ready",
            )
        yield processes
    finally:
        for process in processes.values():
            process.stop()
        for path in sorted(logs.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-15:]
            print(f"--- {path.name}\n" + "\n".join(tail))


def metric_value(metrics_text: str, name: str, **labels: str) -> float:
    """The value of one Prometheus sample, 0 when it is absent."""
    wanted = {f'{key}="{value}"' for key, value in labels.items()}
    for line in metrics_text.splitlines():
        if line.startswith(name + "{") or line.startswith(name + " "):
            head, _, value = line.rpartition(" ")
            inside = head[head.find("{") + 1 : head.rfind("}")] if "{" in head else ""
            if wanted <= set(inside.split(",")) if inside else not wanted:
                return float(value)
    return 0.0


async def eventually_async(
    check: Callable[[], Awaitable[T | None]], *, timeout: float = 30, what: str = ""
) -> T:
    """`eventually` for checks that must await (inside a test's event loop)."""
    deadline = time.monotonic() + timeout
    last: T | None = None
    while time.monotonic() < deadline:
        last = await check()
        if last:
            return last
        await asyncio.sleep(0.05)
    raise AssertionError(f"not within {timeout}s: {what} (last value: {last!r})")
