"""`make run`: the infrastructure and all five services in the foreground, logs interleaved.

Prints every URL once each service is ready; Ctrl-C (or SIGTERM) stops them all gracefully.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = {"intake": 8001, "tickets": 8002, "chat": 8003, "sla": 8004, "notify": 8005}
READY_WITHIN_S = 90


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


def pipe_output(name: str, stream: object) -> None:
    width = max(len(n) for n in SERVICES)
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        sys.stdout.write(f"{name:<{width}} | {line}")
        sys.stdout.flush()


def start_service(name: str, port: int, infra: dict[str, str]) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        **infra,
        "HELPDESK_HTTP_PORT": str(os.environ.get(f"{name.upper()}_PORT", port)),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", name],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    threading.Thread(target=pipe_output, args=(name, process.stdout), daemon=True).start()
    return process


def is_ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=2) as reply:
            return bool(reply.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def wait_ready(processes: dict[str, subprocess.Popen[str]], stopping: threading.Event) -> None:
    started = time.monotonic()
    waiting = dict(SERVICES)
    while waiting and time.monotonic() - started < READY_WITHIN_S and not stopping.is_set():
        for name, port in list(waiting.items()):
            if processes[name].poll() is not None:
                raise SystemExit(f"{name} exited with code {processes[name].returncode}")
            if is_ready(port):
                del waiting[name]
        stopping.wait(0.5)
    if stopping.is_set():
        return
    if waiting:
        raise SystemExit(f"not ready after {READY_WITHIN_S}s: {', '.join(waiting)}")
    print_urls(time.monotonic() - started)


def print_urls(elapsed: float) -> None:
    rows = [f"\nAll five services ready in {elapsed:.1f}s:"]
    for name, port in SERVICES.items():
        base = f"http://127.0.0.1:{port}"
        rows.append(f"  {name:<8} {base}/docs  {base}/health/ready  {base}/metrics")
    rows.append(
        f"  AsyncAPI: http://127.0.0.1:{SERVICES['intake']}/asyncapi (JSON: /asyncapi.json)"
    )
    pages = {"tickets": "/meus-chamados", "intake": "/form", "chat": "/widget"}
    rows.append(
        "  Customer pages: "
        + "  ".join(f"http://127.0.0.1:{SERVICES[s]}{path}" for s, path in pages.items())
        + f"  http://127.0.0.1:{SERVICES['chat']}/kb/pt-BR"
    )
    rows.append("  Development admin token (every API): .run/dev-admin-token")
    rows.append("Ctrl-C stops everything.\n")
    print("\n".join(rows), flush=True)


def stop_all(processes: dict[str, subprocess.Popen[str]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for process in processes.values():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    infra = start_infrastructure()
    development_token(infra)
    processes = {name: start_service(name, port, infra) for name, port in SERVICES.items()}
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    try:
        wait_ready(processes, stopping)
        while not stopping.is_set() and all(p.poll() is None for p in processes.values()):
            stopping.wait(0.5)
        if not stopping.is_set():
            print("a service exited; stopping the others", flush=True)
            return 1
        print("\nstopping all services…", flush=True)
        return 0
    finally:
        stop_all(processes)


if __name__ == "__main__":
    sys.exit(main())
