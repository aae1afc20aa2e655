"""Every service answers schema-fuzzed requests (schemathesis, from its own published OpenAPI
document, with and without a staff token) without a server error and as its document says:
declared status codes, declared media types, bodies of the declared shape."""

from __future__ import annotations

import os
from collections.abc import Iterator
from functools import partial

import httpx
import pytest

from tests.journeys.system import admin_command
from tests.support.isolation import IsolatedRun
from tests.support.openapi_fuzz import fuzz_service
from tests.support.processes import ServiceProcess, eventually, free_port

pytestmark = pytest.mark.e2e
SERVICES = ("intake", "tickets", "chat", "sla", "notify")
STAFF_ONLY = {
    "tickets": "/v1/groups",
    "chat": "/v1/agent/me",
    "sla": "/v1/calendars",
    "notify": "/v1/deliveries",
}
"""A staff-only route of each service, to know when the service has learnt the new token."""
EXAMPLES_PER_OPERATION = int(os.environ.get("HELPDESK_FUZZ_EXAMPLES", "12"))
"""Valid and as many invalid requests per operation and credential (bounds the run time)."""


@pytest.fixture(scope="module")
def services(
    test_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, ServiceProcess]]:
    logs = tmp_path_factory.mktemp("fuzz-logs")
    processes = {
        # intake listens for SMTP on a port of its own; notify relays to one nobody answers
        name: ServiceProcess(name, test_run.environment(HELPDESK_SMTP_PORT=str(free_port())), logs)
        for name in SERVICES
    }
    for process in processes.values():
        process.start()
    try:
        for process in processes.values():
            eventually(partial(_ready, process), timeout=90, what=f"{process.service} ready")
        yield processes
    finally:
        for process in processes.values():
            process.stop()


@pytest.fixture(scope="module")
def admin_token(test_run: IsolatedRun, services: dict[str, ServiceProcess]) -> str:
    """An admin token from the tickets admin command, once every service accepts it."""
    import time

    print("services up", time.time())
    token = admin_command(test_run, "issue-token", "--name", "Fuzz Admin", "--role", "admin")
    for service, path in STAFF_ONLY.items():
        eventually(
            partial(_accepts, services[service].url + path, token),
            timeout=30,
            what=f"{service} accepts the admin token",
        )
    return token


def _ready(process: ServiceProcess) -> bool:
    return process.ready_status() == 200


def _accepts(url: str, token: str) -> bool:
    return httpx.get(url, headers={"Authorization": f"Bearer {token}"}).status_code != 401


@pytest.mark.parametrize("credentials", ["anonymous", "admin token"])
@pytest.mark.parametrize("service", SERVICES)
def test_fuzzed_requests_get_no_server_error_and_documented_answers(
    services: dict[str, ServiceProcess], admin_token: str, service: str, credentials: str
) -> None:
    headers = {"Authorization": f"Bearer {admin_token}"} if credentials == "admin token" else {}
    report = fuzz_service(
        service=service,
        base_url=services[service].url,
        headers=headers,
        credentials=credentials,
        examples_per_operation=EXAMPLES_PER_OPERATION,
    )
    print(f"\n{report.summary}")
    assert not report.failures, f"{report.summary}\n{report.details()}"
