"""`make run`: the infrastructure and all six services in the foreground, logs interleaved.

Starts the development companions too (deploy/companions.py: the mail catcher and the WhatsApp
sandbox). Prints every URL once everything is ready; a process that exits is restarted with a
back-off (deploy/supervisor.py); Ctrl-C (or SIGTERM) stops them all gracefully.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import threading
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # `python deploy/run.py` finds the deploy package

from deploy.companions import Companion, plan_companions  # noqa: E402
from deploy.supervisor import Child, Supervisor, pipe_output  # noqa: E402

SERVICES = {
    "intake": 8001,
    "tickets": 8002,
    "chat": 8003,
    "sla": 8004,
    "notify": 8005,
    "desk": 8006,
}
READY_WITHIN_S = 90
SECRETS_FILE = ROOT / ".run" / "secrets.env"
SECRET_VARIABLES = (
    "HELPDESK_CUSTOMER_TOKEN_SECRET",
    "HELPDESK_FILE_LINK_SECRET",
    "HELPDESK_WHATSAPP_APP_SECRET",
    "HELPDESK_WHATSAPP_VERIFY_TOKEN",
)


def start_infrastructure() -> dict[str, str]:
    result = subprocess.run([sys.executable, str(ROOT / "deploy" / "infra.py"), "up"], check=False)
    if result.returncode != 0:
        sys.exit(result.returncode)
    lines = (ROOT / ".run" / "infra.env").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines)


def development_token(infra: dict[str, str]) -> None:
    """Make sure the development admin token (.run/dev-admin-token) exists. Tickets announces
    it with its staff directory, so every service's API accepts it once they are up."""
    result = subprocess.run(
        [sys.executable, "-m", "tickets.admin", "dev-token"],
        env={**os.environ, **infra},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(f"could not create the development token:\n{result.stderr}")


def development_secrets() -> dict[str, str]:
    """This checkout's random secrets (.run/secrets.env, readable by its owner only), made
    once and kept, so sessions survive a restart; a variable set in the environment wins."""
    kept: dict[str, str] = {}
    if SECRETS_FILE.exists():
        kept = dict(line.split("=", 1) for line in SECRETS_FILE.read_text().splitlines() if line)
    missing = {name: secrets.token_urlsafe(32) for name in SECRET_VARIABLES if name not in kept}
    if missing:
        SECRETS_FILE.parent.mkdir(exist_ok=True)
        kept |= missing
        SECRETS_FILE.touch(mode=0o600)
        SECRETS_FILE.write_text("".join(f"{name}={value}\n" for name, value in kept.items()))
    return {name: os.environ.get(name) or value for name, value in kept.items()}


def start_process(name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    assert process.stdout is not None
    threading.Thread(target=pipe_output, args=(name, 8, process.stdout), daemon=True).start()
    return process


def service_port(name: str) -> int:
    return int(os.environ.get(f"{name.upper()}_PORT", SERVICES[name]))


def service_child(name: str, infra: dict[str, str], extra: dict[str, str]) -> Child:
    env = {**os.environ, **infra, **extra, "HELPDESK_HTTP_PORT": str(service_port(name))}
    command = [sys.executable, "-m", name]
    ready = f"http://127.0.0.1:{service_port(name)}/health/ready"
    return Child(name, partial(start_process, name, command, env), ready)


def service_links() -> dict[str, dict[str, str]]:
    """Where the workspace finds the APIs it calls, and where tickets' sign-in links point."""
    local = {name: f"http://127.0.0.1:{service_port(name)}" for name in SERVICES}
    return {
        "desk": {
            "HELPDESK_TICKETS_URL": local["tickets"],
            "HELPDESK_SLA_URL": local["sla"],
            "HELPDESK_CHAT_URL": local["chat"],
            "HELPDESK_PUBLIC_URL": local["desk"],
        },
        "tickets": {
            "HELPDESK_STAFF_DESK_URL": f"{local['desk']}/desk/sign-in/enter",
            "HELPDESK_INTAKE_PUBLIC_URL": local["intake"],
            "HELPDESK_CHAT_PUBLIC_URL": local["chat"],
        },
    }


def companion_child(companion: Companion) -> Child:
    start = partial(start_process, companion.name, companion.command, dict(os.environ))
    return Child(companion.name, start, companion.ready_url)


def print_urls(elapsed: float, companions: list[str]) -> None:
    rows = [f"\nAll services and their companions ready in {elapsed:.1f}s:"]
    for name in SERVICES:
        base = f"http://127.0.0.1:{service_port(name)}"
        rows.append(f"  {name:<8} {base}/docs  {base}/health/ready  {base}/metrics")
    rows.append(
        f"  AsyncAPI: http://127.0.0.1:{service_port('intake')}/asyncapi (JSON: /asyncapi.json)"
    )
    rows.append(
        f"  Analysts' workspace: http://127.0.0.1:{service_port('desk')}/desk/ (sign in as "
        "admin@helpdesk.example.com: the link arrives in the mail page)"
    )
    pages = {"tickets": "/meus-chamados", "intake": "/form", "chat": "/widget"}
    rows.append(
        "  Customer pages: "
        + "  ".join(f"http://127.0.0.1:{service_port(s)}{path}" for s, path in pages.items())
        + f"  http://127.0.0.1:{service_port('chat')}/kb/pt-BR"
    )
    rows.append("  Development admin token (every API): .run/dev-admin-token")
    rows.append("  This checkout's secrets (WhatsApp webhook, customer forms): .run/secrets.env")
    rows += companions
    rows.append("A service that exits is restarted. Ctrl-C stops everything.\n")
    print("\n".join(rows), flush=True)


def main() -> int:
    infra = start_infrastructure()
    development_token(infra)
    environment = {**infra, **development_secrets()}
    companions = plan_companions(f"http://127.0.0.1:{service_port('intake')}")
    links = service_links()
    supervisor = Supervisor(
        [companion_child(companion) for companion in companions.processes]
        + [
            service_child(
                name, environment, companions.settings.get(name, {}) | links.get(name, {})
            )
            for name in SERVICES
        ]
    )
    signal.signal(signal.SIGTERM, lambda *_: supervisor.stopping.set())
    signal.signal(signal.SIGINT, lambda *_: supervisor.stopping.set())
    supervisor.start_all()
    try:
        announce = partial(print_urls, companions=companions.urls)
        supervisor.watch_until_stopped(announce, READY_WITHIN_S)
        print("\nstopping all services…", flush=True)
        return 0
    finally:
        supervisor.stop_all()


if __name__ == "__main__":
    sys.exit(main())
