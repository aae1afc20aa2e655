"""`make run` (deploy/run.py) as a newcomer runs it: a service killed with SIGKILL comes back by
itself while the others keep answering, and Ctrl-C still stops everything."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from deploy.run import SERVICES as RUN_SERVICES
from tests.support.infrastructure import Infrastructure
from tests.support.isolation import IsolatedRun
from tests.support.processes import ROOT, eventually, free_port

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]
SERVICES = tuple(RUN_SERVICES)  # every service `make run` starts, the workspace included


@dataclass
class Runner:
    process: subprocess.Popen[str]
    ports: dict[str, int]
    output: list[str] = field(default_factory=list)

    def read_output(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def printed(self, text: str) -> bool:
        return any(text in line for line in list(self.output))

    def ready(self, service: str) -> bool:
        try:
            url = f"http://127.0.0.1:{self.ports[service]}/health/ready"
            return httpx.get(url, timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    def child_running(self, module: str) -> int | None:
        """The pid of the runner's child `python -m <module>`."""
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            for pid in (task / "children").read_text().split():
                try:
                    command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
                except OSError:  # it has just exited
                    continue
                if command[1:3] == [b"-m", module.encode()]:
                    return int(pid)
        return None


@pytest.fixture
def runner(infrastructure: Infrastructure) -> Iterator[Runner]:
    run = IsolatedRun(infrastructure)
    ports = {name: free_port() for name in SERVICES}
    env = {
        **os.environ,
        **run.environment(HELPDESK_DEV_COMPANIONS="off", HELPDESK_SMTP_PORT=str(free_port())),
        **{f"{name.upper()}_PORT": str(port) for name, port in ports.items()},
    }
    process = subprocess.Popen(
        [sys.executable, "deploy/run.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    started = Runner(process, ports)
    threading.Thread(target=started.read_output, daemon=True).start()
    try:
        yield started
    finally:
        if process.poll() is None:  # the test failed half-way: leave no process behind
            for pid in filter(None, map(started.child_running, SERVICES)):
                os.kill(pid, signal.SIGKILL)
            process.kill()
        print("".join(started.output[-60:]))
        asyncio.run(run.clean_up())


def test_a_killed_service_comes_back_and_ctrl_c_still_stops_everything(runner: Runner) -> None:
    eventually(lambda: runner.printed("ready in"), timeout=240, what="make run ready")
    tickets = runner.child_running("tickets")
    assert tickets is not None

    os.kill(tickets, signal.SIGKILL)
    eventually(lambda: runner.printed("tickets exited with code -9"), what="the crash logged")
    assert runner.ready("intake"), "intake stopped answering while tickets was down"
    assert runner.process.poll() is None, "the runner gave up"
    eventually(lambda: runner.printed("tickets is ready again"), timeout=120, what="tickets back")
    assert runner.ready("tickets")
    assert runner.child_running("tickets") not in (None, tickets)

    runner.process.send_signal(signal.SIGINT)
    assert runner.process.wait(60) == 0
    assert not any(runner.ready(name) for name in SERVICES)
