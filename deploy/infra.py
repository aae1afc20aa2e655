#!/usr/bin/env python3
"""Make RabbitMQ and a MongoDB-protocol server answer on loopback, idempotently.

Order: reuse what already answers; else Docker Compose when an engine answers; else RabbitMQ from
Debian's `rabbitmq-server` package and `mongod` if installed, otherwise FerretDB v1.24.2 built from
the Go module proxy, on PostgreSQL from Debian's `postgresql` package (its SQLite backend only when
no PostgreSQL can be had). Prints what it used and the URLs; writes them to .run/infra.env.
Standard library only: it runs before the Python workspace exists.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RUN = ROOT / ".run"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "helpdesk"
FERRETDB_VERSION = "v1.24.2"
LAUNCHER = ROOT / "deploy" / "ferretdb"


def launcher_binary() -> Path:
    """The cached build of deploy/ferretdb; its name changes whenever the launcher's source does."""
    digest = hashlib.sha256()
    for name in ("go.mod", "go.sum", "main.go", "serialize.go"):
        digest.update((LAUNCHER / name).read_bytes())
    return CACHE / f"ferretdb-local-{FERRETDB_VERSION}-{digest.hexdigest()[:12]}"


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
    command: list[str], *, timeout: float = 600, check: bool = True, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=check, input=stdin
    )


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


def build_ferretdb() -> Path:
    binary = launcher_binary()
    if binary.exists():
        return binary
    if shutil.which("go") is None:
        raise InfraError(
            "no MongoDB server and no Go toolchain to build FerretDB: install Go or MongoDB"
        )
    say(f"building FerretDB {FERRETDB_VERSION} from the Go module proxy (first run only, minutes)")
    CACHE.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(
        ["go", "build", "-o", str(binary), "."],
        cwd=ROOT / "deploy" / "ferretdb",
        capture_output=True,
        text=True,
        timeout=1200,
    )
    if result.returncode != 0:
        raise InfraError(f"building FerretDB failed:\n{result.stderr[-3000:]}")
    return binary


def postgres_bindir() -> Path | None:
    installed = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if installed:
        return installed[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def as_postgres_user(command: Sequence[str | Path]) -> list[str]:
    """PostgreSQL refuses to run as root: root hands its commands to the `postgres` account."""
    words = [str(word) for word in command]
    return ["runuser", "-u", "postgres", "--", *words] if os.geteuid() == 0 else words


def postgres_home() -> Path:
    """Where the cluster lives: .run/postgres, unless the `postgres` account cannot reach it (a
    checkout inside a private home directory), then a folder of this checkout's own in /tmp."""
    own = RUN / "postgres"
    reachable = ["runuser", "-u", "postgres", "--", "test", "-x", str(RUN)]
    if own.exists() or os.geteuid() != 0 or run(reachable, check=False).returncode == 0:
        return own
    checkout = hashlib.sha256(str(ROOT).encode()).hexdigest()[:10]
    return Path(tempfile.gettempdir()) / f"helpdesk-postgres-{checkout}"


def start_postgres() -> str:
    """A throwaway PostgreSQL cluster in .run/postgres on a Unix socket only; returns its URL.

    Durability settings are off (fsync, synchronous_commit): this cluster holds local and test
    data, and our crash tests kill our services, never the database.
    """
    bindir = postgres_bindir()
    if bindir is None:
        apt_install("postgresql")
        bindir = postgres_bindir()
    if bindir is None:
        raise InfraError("the postgresql package installed no initdb")
    home = postgres_home()
    data = home / "data"
    home.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(home, "postgres")
    if not (data / "PG_VERSION").exists():
        say(f"creating a PostgreSQL cluster in {home}")
        initdb: list[str | Path] = [bindir / "initdb", "-D", data, "-U", "postgres"]
        run(as_postgres_user([*initdb, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"]))
    pg_ctl = bindir / "pg_ctl"
    if run(as_postgres_user([pg_ctl, "status", "-D", data]), check=False).returncode != 0:
        say(f"starting PostgreSQL (Unix socket in {home})")
        options = f"-c listen_addresses='' -k {home} -c fsync=off -c synchronous_commit=off"
        log = home / "postgres.log"
        run(as_postgres_user([pg_ctl, "start", "-w", "-D", data, "-l", log, "-o", options]))
    client: list[str | Path] = ["-h", home, "-U", "postgres"]
    # createdb fails harmlessly when the database exists already
    run(as_postgres_user([bindir / "createdb", *client, "ferretdb"]), check=False)
    twins = (ROOT / "deploy" / "postgres" / "index_twins.sql").read_text()
    psql = [bindir / "psql", *client, "-d", "ferretdb", "-q", "-o", "/dev/null"]
    run(as_postgres_user([*psql, "-v", "ON_ERROR_STOP=1"]), stdin=twins)
    return f"postgres://postgres@/ferretdb?host={home}"


def ferretdb_backend() -> tuple[list[str], str]:
    """FerretDB's main backend, PostgreSQL, when one can be had; its SQLite backend otherwise."""
    try:
        postgres_url = start_postgres()
    except (InfraError, subprocess.SubprocessError, OSError) as error:
        say(f"no PostgreSQL for FerretDB ({error}); using its SQLite backend")
        return [], "SQLite, data in .run/ferretdb"
    return ["--postgresql-url", postgres_url], f"PostgreSQL, data in {postgres_home()}"


def start_ferretdb(url: str) -> str:
    binary = build_ferretdb()
    parsed = urlparse(url)
    listen = f"{parsed.hostname or '127.0.0.1'}:{parsed.port or 27017}"
    data = RUN / "ferretdb"
    data.mkdir(parents=True, exist_ok=True)
    backend_flags, backend = ferretdb_backend()
    say(f"starting FerretDB {FERRETDB_VERSION} ({backend.split(',')[0]} backend) on {listen}")
    log = (RUN / "ferretdb.log").open("ab")
    process = subprocess.Popen(
        [str(binary), "--listen-addr", listen, "--data-dir", str(data), *backend_flags],
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    (RUN / "ferretdb.pid").write_text(str(process.pid))
    wait_until(lambda: answers(url, 27017), "FerretDB", 60)
    return f"FerretDB {FERRETDB_VERSION} ({backend}, one request at a time)"


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
            start_mongod(mongo_url) if shutil.which("mongod") else start_ferretdb(mongo_url)
        )
    return used


def down() -> None:
    pid_file = RUN / "ferretdb.pid"
    if pid_file.exists():
        try:
            os.kill(int(pid_file.read_text()), 15)
            say("stopped FerretDB")
        except (ProcessLookupError, ValueError):
            pass
        pid_file.unlink()
    bindir = postgres_bindir()
    data = postgres_home() / "data"
    if bindir is not None and (data / "PG_VERSION").exists():
        stop: list[str | Path] = [bindir / "pg_ctl", "stop", "-m", "fast", "-D", data]
        if run(as_postgres_user(stop), check=False).returncode == 0:
            say("stopped PostgreSQL")
    if shutil.which("rabbitmqctl"):
        run(["rabbitmqctl", "-q", "stop"], check=False)
        say("stopped RabbitMQ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["up", "down"], nargs="?", default="up")
    args = parser.parse_args()
    amqp_url = os.environ.get("HELPDESK_AMQP_URL", DEFAULT_AMQP)
    mongo_url = os.environ.get("HELPDESK_MONGO_URL", DEFAULT_MONGO)
    if args.action == "down":
        down()
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
