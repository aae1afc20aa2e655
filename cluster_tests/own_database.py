"""A SecantusDB server of the cluster suite's own, on a free loopback port, that a test may
restart: the shared server on 27017 serves everyone else's tests and is never touched."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

from deploy.infra import project_python
from tests.support.processes import free_port


class OwnDatabase:
    def __init__(self, folder: Path) -> None:
        self.port = free_port()
        self._folder = folder
        self._server: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mongodb://127.0.0.1:{self.port}/"

    def start(self, timeout: float = 60) -> None:
        data = self._folder / "data"
        data.mkdir(parents=True, exist_ok=True)
        command = [str(project_python()), "-m", "secantus", "--host", "127.0.0.1"]
        command += ["--port", str(self.port), "--storage-path", str(data)]
        with (self._folder / "secantusdb.log").open("ab") as log:
            self._server = subprocess.Popen(
                [*command, "--log-level", "WARNING"],
                cwd=data,  # its secantusd.toml discovery finds nothing of ours
                stdout=log,
                stderr=log,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self._server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"SecantusDB did not start: see {self._folder}")
            time.sleep(0.2)

    def stop(self, timeout: float = 30) -> None:
        """SIGTERM, so WiredTiger closes cleanly (SIGKILL after `timeout`)."""
        if self._server is None or self._server.poll() is not None:
            return
        os.kill(self._server.pid, signal.SIGTERM)
        try:
            self._server.wait(timeout)
        except subprocess.TimeoutExpired:
            self._server.kill()
            self._server.wait(10)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), 1):
                return True
        except OSError:
            return False
