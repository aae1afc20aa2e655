"""Where the tests' RabbitMQ and MongoDB come from, and how a test stops and starts the broker.

`HELPDESK_AMQP_URL` / `HELPDESK_MONGO_URL` when set; otherwise testcontainers when a Docker engine
answers; otherwise the project's local infrastructure command (deploy/infra.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class BrokerControl:
    """Stops and starts the RabbitMQ application (the node stays up, clients see it vanish)."""

    container: Any = None

    @property
    def available(self) -> bool:
        return self.container is not None or shutil.which("rabbitmqctl") is not None

    def _rabbitmqctl(self, *args: str) -> None:
        if self.container is not None:
            self.container.exec(["rabbitmqctl", *args])
        else:
            subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)

    def stop(self) -> None:
        self._rabbitmqctl("stop_app")

    def start(self) -> None:
        self._rabbitmqctl("start_app")
        self._rabbitmqctl("await_startup")


@dataclass
class Infrastructure:
    amqp_url: str
    mongo_url: str
    broker: BrokerControl
    origin: str


def _docker_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        result = subprocess.run(["docker", "info"], capture_output=True, timeout=15)
    except subprocess.TimeoutExpired:
        return False
    return result.returncode == 0


def _local_command() -> tuple[str, str]:
    result = subprocess.run(
        [sys.executable, str(ROOT / "deploy" / "infra.py"), "up"],
        capture_output=True,
        text=True,
        timeout=1500,
    )
    sys.stderr.write(result.stdout)
    if result.returncode != 0:
        raise RuntimeError(f"local infrastructure failed:\n{result.stdout}\n{result.stderr}")
    values = dict(
        line.split("=", 1) for line in (ROOT / ".run" / "infra.env").read_text().splitlines()
    )
    return values["HELPDESK_AMQP_URL"], values["HELPDESK_MONGO_URL"]


@contextlib.contextmanager
def provide_infrastructure() -> Iterator[Infrastructure]:
    amqp, mongo = os.environ.get("HELPDESK_AMQP_URL"), os.environ.get("HELPDESK_MONGO_URL")
    if amqp and mongo:
        yield Infrastructure(amqp, mongo, BrokerControl(), "environment")
    elif _docker_answers():
        from testcontainers.community.mongodb import MongoDbContainer
        from testcontainers.community.rabbitmq import RabbitMqContainer

        with (
            RabbitMqContainer("rabbitmq:3.13-management") as rabbit,
            MongoDbContainer("mongo:7") as db,
        ):
            params = rabbit.get_connection_params()
            amqp = f"amqp://guest:guest@{params.host}:{params.port}/"
            yield Infrastructure(amqp, db.get_connection_url(), BrokerControl(rabbit), "containers")
    else:
        amqp, mongo = _local_command()
        yield Infrastructure(amqp, mongo, BrokerControl(), "deploy/infra.py")
