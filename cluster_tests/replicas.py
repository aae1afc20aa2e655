"""Two replicas of every service on the 3-node RabbitMQ cluster and a database of the suite's
own, wired like a deployment: intake's SMTP door on each replica, notify sending through a
loopback SMTP relay and a loopback WhatsApp Cloud API (real servers, in threads)."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from cluster_tests.own_database import OwnDatabase
from services.notify.tests.integration.notify_fakes import (
    PHONE_NUMBER_ID,
    TOKEN,
    CloudApiServer,
    SmtpServer,
)
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, eventually, free_port

SERVICES = ("intake", "tickets", "chat", "sla", "notify")
REPLICAS = 2
SUPPORT_ADDRESS = "suporte@acme.com.br"
# Short enough that a killed replica's leases, a dead node's confirms and a finished chat's
# rating wait pass within a scenario; the defaults are for production. Retry delays are the
# production ones: the tests' short ones would dead-letter a message within a database restart.
# The confirm bound is 5 s, not 3: with ten replicas and three nodes on two busy cores a healthy
# quorum queue's confirm took over 3 s, and each timeout paused a relay and re-sent its batch.
FAST = {
    "HELPDESK_OUTBOX_POLL_S": "0.5",
    "HELPDESK_OUTBOX_LEASE_S": "12",
    "HELPDESK_PUBLISH_CONFIRM_TIMEOUT_S": "5",
    "HELPDESK_SEND_LEASE_S": "30",
    "HELPDESK_RETRY_DELAYS_S": "[1.0, 5.0, 30.0]",
    "HELPDESK_LOG_LEVEL": "WARNING",
}


@dataclass
class Replica:
    name: str  # e.g. "intake-2"
    process: ServiceProcess
    smtp_port: int | None = None

    def ready(self) -> bool:
        return self.process.ready_status() == 200


@dataclass
class ReplicatedSystem:
    run: IsolatedRun
    database: OwnDatabase
    replicas: list[Replica]
    relay: SmtpServer
    cloud_api: CloudApiServer

    def of(self, service: str) -> list[Replica]:
        return [r for r in self.replicas if r.process.service == service]

    def not_ready(self) -> list[str]:
        return [r.name for r in self.replicas if not r.ready()]

    def restart(self, replica: Replica) -> None:
        """kill -9 and start again on the same ports (an orchestrator restarting a pod)."""
        replica.process.kill()
        replica.process.start()


def service_environment(
    run: IsolatedRun, service: str, relay: SmtpServer, cloud: CloudApiServer
) -> dict[str, str]:
    extra: dict[str, str] = {}
    if service == "intake":
        extra["HELPDESK_SUPPORT_ADDRESSES"] = json.dumps([SUPPORT_ADDRESS])
    elif service == "chat":
        extra |= {"HELPDESK_RATING_WAIT_S": "1", "HELPDESK_SWEEP_INTERVAL_S": "0.5"}
    elif service == "notify":
        extra |= {
            "HELPDESK_SMTP_HOST": "127.0.0.1",
            "HELPDESK_SMTP_PORT": str(relay.port),
            "HELPDESK_MAIL_DOMAIN": "acme.com.br",
            "HELPDESK_WHATSAPP_BASE_URL": cloud.base_url,
            "HELPDESK_WHATSAPP_PHONE_NUMBER_ID": PHONE_NUMBER_ID,
            "HELPDESK_WHATSAPP_TOKEN": TOKEN,
        }
    return run.environment(**FAST, **extra)


@contextlib.contextmanager
def replicated_system(run: IsolatedRun, folder: Path) -> Iterator[ReplicatedSystem]:
    database = OwnDatabase(folder / "database")
    database.start()
    run.infrastructure.mongo_url = database.url
    replicas: list[Replica] = []
    try:
        with SmtpServer() as relay, CloudApiServer() as cloud:
            for service in SERVICES:
                environment = service_environment(run, service, relay, cloud)
                for number in range(1, REPLICAS + 1):
                    smtp_port = free_port() if service == "intake" else None
                    env = environment | (
                        {"HELPDESK_SMTP_PORT": str(smtp_port)} if smtp_port else {}
                    )
                    process = ServiceProcess(service, env, folder / "logs").start()
                    replicas.append(Replica(f"{service}-{number}", process, smtp_port))
            began = time.monotonic()
            for replica in replicas:
                eventually(partial(replica.ready), timeout=180, what=f"{replica.name} ready")
            print(f"\n{len(replicas)} replicas ready in {time.monotonic() - began:.0f} s")
            yield ReplicatedSystem(run, database, replicas, relay, cloud)
    finally:
        for replica in replicas:
            replica.process.stop()
        database.stop()
        for path in sorted((folder / "logs").glob("*.log")):  # the last words, shortened
            tail = [line[:300] for line in path.read_text(errors="replace").splitlines()[-4:]]
            print(f"--- {path.name}\n" + "\n".join(tail))
