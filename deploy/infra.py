#!/usr/bin/env python3
"""Make RabbitMQ and a MongoDB-protocol server answer on loopback, idempotently.

Order: reuse what already answers; else Docker Compose when an engine answers; else RabbitMQ from
Debian's `rabbitmq-server` package and `mongod` if installed, otherwise SecantusDB (the local
stand-in, a locked development dependency) started from the project's .venv with its data in
.run/secantusdb. Prints what it used and the URLs; writes them to .run/infra.env.
Standard library only: it runs before `make setup` has finished for every caller.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / ".run"
PID_FILE = RUN / "secantusdb.pid"
SECANTUSDB_VERSION = "0.7.0b3"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672/"
DEFAULT_MONGO = "mongodb://127.0.0.1:27017/"


class InfraError(RuntimeError):
    """Something the developer must fix by hand; the message says what."""


def say(message: str) -> None:
    print(f"[infra] {message}", flush=True)


def answers(url: str, default_port: int, timeout: float = 1.0) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), timeout
        ):
            return True
    except OSError:
        return False


def wait_until(check: Callable[[], bool], what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.5)
    raise InfraError(f"{what} did not answer within {timeout:.0f}s")


def run(
    command: list[str], *, timeout: float = 600, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=check)


def docker_engine_answers() -> bool:
    if shutil.which("docker") is None:
        return False
    try:
        return run(["docker", "info"], timeout=15, check=False).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def compose_up() -> str:
    say("Docker engine answers: starting rabbitmq and mongo with Docker Compose")
    # docker-compose.yml requires the services' secrets (no defaults); rabbitmq and mongo never
    # see them, so a placeholder lets Compose read the file for these two only.
    for name in (
        "HELPDESK_CUSTOMER_TOKEN_SECRET",
        "HELPDESK_FILE_LINK_SECRET",
        "HELPDESK_WHATSAPP_APP_SECRET",
        "HELPDESK_WHATSAPP_VERIFY_TOKEN",
    ):
        os.environ.setdefault(name, "not-read-by-rabbitmq-or-mongo")
    run(
        [
            "docker",
            "compose",
            "-f",
            str(ROOT / "docker-compose.yml"),
            "up",
            "-d",
            "--wait",
            "rabbitmq",
            "mongo",
        ]
    )
    return "Docker Compose (rabbitmq, mongo)"


def apt_install(package: str) -> None:
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise InfraError(
            f"{package} is missing and cannot be installed here: `sudo apt-get install {package}`"
        )
    say(f"installing {package} from Debian's packages")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for command in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", package],
    ):
        result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
        if result.returncode != 0:
            raise InfraError(f"`{' '.join(command)}` failed:\n{result.stderr[-2000:]}")


def start_rabbitmq(url: str) -> str:
    if shutil.which("rabbitmq-server") is None:
        apt_install("rabbitmq-server")
    say("starting rabbitmq-server -detached")
    run(["rabbitmq-server", "-detached"], check=False)
    run(["rabbitmqctl", "-q", "await_startup", "--timeout", "120"], timeout=150, check=False)
    wait_until(lambda: answers(url, 5672), "RabbitMQ", 120)
    version = run(["rabbitmqctl", "-q", "version"], check=False).stdout.strip()
    return f"RabbitMQ {version} (Debian package, rabbitmq-server -detached)"


def start_mongod(url: str) -> str:
    data = RUN / "mongod"
    data.mkdir(parents=True, exist_ok=True)
    port = str(urlparse(url).port or 27017)
    say("starting mongod")
    run(
        [
            "mongod",
            "--dbpath",
            str(data),
            "--port",
            port,
            "--bind_ip",
            "127.0.0.1",
            "--fork",
            "--logpath",
            str(data / "mongod.log"),
        ]
    )
    wait_until(lambda: answers(url, 27017), "mongod", 60)
    return "mongod (installed)"


def project_python() -> Path:
    """The interpreter of the project's locked environment (`make setup` creates it)."""
    venv = Path(os.environ.get("UV_PROJECT_ENVIRONMENT", ROOT / ".venv"))
    if not venv.is_absolute():
        venv = ROOT / venv
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def start_secantusdb(url: str) -> str:
    """SecantusDB from the locked dev group: a separate server process, data in .run/."""
    python = project_python()
    if not python.exists():
        raise InfraError(
            f"no project environment at {python.parent.parent}: run `make setup` first"
        )
    parsed = urlparse(url)
    host, port = parsed.hostname or "127.0.0.1", parsed.port or 27017
    if host not in LOOPBACK:
        raise InfraError(f"{url} is not on loopback: the local server only listens there")
    data = RUN / "secantusdb"
    data.mkdir(parents=True, exist_ok=True)
    say(f"starting SecantusDB {SECANTUSDB_VERSION} on {host}:{port} (data in {data})")
    # cwd is the data folder so the server's secantusd.toml discovery finds nothing of ours
    command = [str(python), "-m", "secantus", "--host", host, "--port", str(port)]
    command += ["--storage-path", str(data), "--log-level", "WARNING"]
    with (RUN / "secantusdb.log").open("ab") as log:
        process = subprocess.Popen(
            command,
            cwd=data,
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    PID_FILE.write_text(str(process.pid))

    def ready() -> bool:
        if process.poll() is not None:
            tail = (RUN / "secantusdb.log").read_text(errors="replace")[-2000:]
            raise InfraError(f"SecantusDB exited with {process.returncode}:\n{tail}")
        return answers(url, 27017)

    wait_until(ready, "SecantusDB", 60)
    return (
        f"SecantusDB {SECANTUSDB_VERSION} (local stand-in, GPL-2.0-only; data in .run/secantusdb)"
    )


def stop_secantusdb(timeout: float = 30) -> None:
    """SIGTERM lets the server close WiredTiger cleanly; wait for the process to be gone."""
    if not PID_FILE.exists():
        return
    try:
        pid = int(PID_FILE.read_text())
        os.kill(pid, signal.SIGTERM)
    except (ProcessLookupError, ValueError):
        PID_FILE.unlink()
        return
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process_alive(pid):
        time.sleep(0.2)
    if process_alive(pid):
        os.kill(pid, signal.SIGKILL)
        say(f"SecantusDB did not stop within {timeout:.0f}s: killed")
    else:
        say("stopped SecantusDB")
    PID_FILE.unlink()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child of ours that exited is a zombie until reaped: count it as gone
        return os.waitpid(pid, os.WNOHANG) == (0, 0)
    except ChildProcessError:
        return True


def up(amqp_url: str, mongo_url: str) -> dict[str, str]:
    RUN.mkdir(exist_ok=True)
    used: dict[str, str] = {}
    rabbit_up, mongo_up = answers(amqp_url, 5672), answers(mongo_url, 27017)
    if rabbit_up:
        used["broker"] = "already answering"
    if mongo_up:
        used["database"] = "already answering"
    if not (rabbit_up and mongo_up) and docker_engine_answers():
        how = compose_up()
        used.setdefault("broker", how)
        used.setdefault("database", how)
    if "broker" not in used:
        used["broker"] = start_rabbitmq(amqp_url)
    if "database" not in used:
        used["database"] = (
            start_mongod(mongo_url) if shutil.which("mongod") else start_secantusdb(mongo_url)
        )
    return used


def down(*, broker: bool = True) -> None:
    stop_secantusdb()
    if broker and shutil.which("rabbitmqctl"):
        run(["rabbitmqctl", "-q", "stop"], check=False)
        say("stopped RabbitMQ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down"], nargs="?", default="up")
    parser.add_argument(
        "--database-only", action="store_true", help="down: stop the local database, not RabbitMQ"
    )
    args = parser.parse_args()
    amqp_url = os.environ.get("HELPDESK_AMQP_URL", DEFAULT_AMQP)
    mongo_url = os.environ.get("HELPDESK_MONGO_URL", DEFAULT_MONGO)
    if args.action == "down":
        down(broker=not args.database_only)
        return 0
    try:
        used = up(amqp_url, mongo_url)
    except (InfraError, subprocess.SubprocessError) as error:
        print(f"[infra] cannot provide the infrastructure: {error}", file=sys.stderr)
        return 1
    (RUN / "infra.env").write_text(
        f"HELPDESK_AMQP_URL={amqp_url}\nHELPDESK_MONGO_URL={mongo_url}\n"
    )
    say(f"broker:   {used['broker']}")
    say(f"database: {used['database']}")
    say(f"HELPDESK_AMQP_URL={amqp_url}")
    say(f"HELPDESK_MONGO_URL={mongo_url}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
