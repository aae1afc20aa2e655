#!/usr/bin/env python3
"""A 3-node RabbitMQ cluster on this machine, beside (never touching) the shared broker on 5672.

`python3 deploy/cluster.py up` starts Debian's rabbitmq-server three times: nodes
helpdesk-1..3@localhost on AMQP ports 5673-5675 and distribution ports 25673-25675, data and logs
under .run/cluster/, one Erlang cookie of their own (a HOME of their own), no plugins (so no
port of the shared broker's management plugin is taken); nodes 2 and 3 `join_cluster` node 1.
It prints HELPDESK_AMQP_URL listing the three nodes and writes it to .run/cluster/cluster.env.
`down` stops the nodes and deletes .run/cluster. `kill N` (SIGKILL) and `start N` serve tests.
Standard library only, like deploy/infra.py.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / ".run" / "cluster"
BIN = Path("/usr/lib/rabbitmq/bin")
NODES = (1, 2, 3)
FIRST_PORT = 5672  # node N listens on FIRST_PORT + N


def amqp_port(node: int) -> int:
    return FIRST_PORT + node


def node_name(node: int) -> str:
    return f"helpdesk-{node}@localhost"


def node_url(node: int) -> str:
    return f"amqp://guest:guest@127.0.0.1:{amqp_port(node)}/"


def cluster_url() -> str:
    """HELPDESK_AMQP_URL for the services: every node, comma-separated."""
    return ",".join(node_url(node) for node in NODES)


def say(message: str) -> None:
    print(f"[cluster] {message}", flush=True)


def environment(node: int) -> dict[str, str]:
    data = BASE / f"node{node}"
    return {
        **os.environ,
        "HOME": str(BASE / "home"),  # its .erlang.cookie is the cluster's own
        "RABBITMQ_NODENAME": node_name(node),
        "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
        "RABBITMQ_NODE_PORT": str(amqp_port(node)),
        "RABBITMQ_DIST_PORT": str(amqp_port(node) + 20000),
        "RABBITMQ_MNESIA_BASE": str(data / "mnesia"),
        "RABBITMQ_LOG_BASE": str(data / "log"),
        "RABBITMQ_PID_FILE": str(data / "pid"),
        "RABBITMQ_ENABLED_PLUGINS_FILE": str(BASE / "enabled_plugins"),
        "RABBITMQ_CONFIG_FILE": str(BASE / "rabbitmq.conf"),
        "RABBITMQ_ADVANCED_CONFIG_FILE": str(BASE / "advanced.config"),
    }


def ctl(node: int, *args: str, timeout: float = 120, check: bool = True) -> str:
    result = subprocess.run(
        [str(BIN / "rabbitmqctl"), "-n", node_name(node), "-q", *args],
        env=environment(node),
        cwd=BASE if BASE.exists() else ROOT / ".run",  # where an Erlang crash dump lands
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if check and result.returncode != 0:
        raise RuntimeError(f"rabbitmqctl {' '.join(args)} on node {node}: {result.stderr}")
    return result.stdout


def answers(node: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", amqp_port(node)), 1):
            return True
    except OSError:
        return False


def prepare() -> None:
    home = BASE / "home"
    home.mkdir(parents=True, exist_ok=True)
    cookie = home / ".erlang.cookie"
    if not cookie.exists():
        cookie.write_text(secrets.token_hex(20))
        cookie.chmod(0o400)
    (BASE / "enabled_plugins").write_text("[].\n")
    (BASE / "rabbitmq.conf").write_text(
        "loopback_users.guest = true\ncluster_partition_handling = pause_minority\n"
    )
    (BASE / "advanced.config").write_text("[].\n")


def start(node: int) -> None:
    """Start node `node` (again): a restarted node rejoins with the data it kept."""
    if answers(node):
        return
    data = BASE / f"node{node}"
    (data / "log").mkdir(parents=True, exist_ok=True)
    with (data / "console.log").open("ab") as log:
        server = subprocess.Popen(
            [str(BIN / "rabbitmq-server")],
            env=environment(node),
            stdout=log,
            stderr=log,
            stdin=subprocess.DEVNULL,
            cwd=data,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while not answers(node):
        if server.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"node {node} did not start: see {data / 'console.log'}")
        time.sleep(0.5)
    ctl(node, "await_startup", "--timeout", "120", timeout=150)


def kill(node: int) -> None:
    """SIGKILL the node's Erlang VM: a crash, no goodbye to its peers."""
    pid = int((BASE / f"node{node}" / "pid").read_text().strip())
    os.kill(pid, signal.SIGKILL)


def _kill_if_running(node: int) -> None:
    """SIGKILL the node's VM if its pid file names a live process that is still this node (a
    node still starting or paused does not answer AMQP, and one left running holds its ports
    for the next `up`; a stopped node's pid may belong to another process by now)."""
    with contextlib.suppress(FileNotFoundError, ValueError, ProcessLookupError, PermissionError):
        pid = int((BASE / f"node{node}" / "pid").read_text().strip())
        ours = f"RABBITMQ_NODENAME={node_name(node)}\0".encode()
        if ours in Path(f"/proc/{pid}/environ").read_bytes():
            kill(node)


def cluster_status(node: int) -> dict[str, list[str]]:
    status: dict[str, list[str]] = json.loads(ctl(node, "cluster_status", "--formatter", "json"))
    return status


def join(node: int) -> None:
    ctl(node, "stop_app")
    ctl(node, "reset")
    ctl(node, "join_cluster", node_name(1))
    ctl(node, "start_app")
    ctl(node, "await_startup", "--timeout", "120", timeout=150)


def up() -> str:
    if shutil.which("rabbitmq-server") is None or not (BIN / "rabbitmq-server").exists():
        raise RuntimeError("Debian's rabbitmq-server is needed: apt-get install rabbitmq-server")
    prepare()
    began = time.monotonic()
    for node in NODES:
        start(node)
    for node in NODES[1:]:
        if node_name(1) not in cluster_status(node)["disk_nodes"]:
            join(node)
    running = sorted(cluster_status(1)["running_nodes"])
    say(f"{len(running)} nodes running in {time.monotonic() - began:.0f} s: {', '.join(running)}")
    url = cluster_url()
    (BASE / "cluster.env").write_text(f"HELPDESK_AMQP_URL={url}\n")
    say(f"HELPDESK_AMQP_URL={url}")
    return url


def down() -> None:
    for node in NODES:
        if answers(node):
            ctl(node, "stop", timeout=60, check=False)
        _kill_if_running(node)  # it would not stop, or did not answer: its VM, by its pid file
    shutil.rmtree(BASE, ignore_errors=True)
    say("stopped; .run/cluster removed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["up", "down", "kill", "start"])
    parser.add_argument("node", nargs="?", type=int, choices=NODES)
    args = parser.parse_args()
    if args.command == "up":
        up()
    elif args.command == "down":
        down()
    elif args.node is None:
        parser.error(f"{args.command} needs a node number")
    elif args.command == "kill":
        kill(args.node)
    else:
        start(args.node)
    return 0


if __name__ == "__main__":
    sys.exit(main())
