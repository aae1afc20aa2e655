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
from tests.support.processes import ServiceProcess, eventually, free_port, services_running

pytestmark = pytest.mark.e2e
SERVICES = ("intake", "tickets", "chat", "sla", "notify")
STAFF_ONLY = {
    "tickets": ("GET", "/v1/groups"),
    "chat": ("GET", "/v1/agent/me"),
    "sla": ("PUT", "/v1/config"),  # without a body: 422 once the token is known, else 401
    "notify": ("GET", "/v1/deliveries"),
}
"""A staff-only route of each service, to know when the service has learnt the new token."""
EXAMPLES_PER_OPERATION = int(os.environ.get("HELPDESK_FUZZ_EXAMPLES", "10"))
"""Valid and as many invalid requests per operation and credential (bounds the run time)."""


@pytest.fixture(scope="module")
def services(
    module_run: IsolatedRun, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, ServiceProcess]]:
    logs = tmp_path_factory.mktemp("fuzz-logs")
    processes = {
        # intake listens for SMTP on a port of its own; notify relays to one nobody answers
        name: ServiceProcess(
            name, module_run.environment(HELPDESK_SMTP_PORT=str(free_port())), logs
        )
        for name in SERVICES
    }
    with services_running(processes, logs):
        yield processes


@pytest.fixture(scope="module")
def admin_token(module_run: IsolatedRun, services: dict[str, ServiceProcess]) -> str:
    """An admin token from the tickets admin command, once every service accepts it."""
    token = admin_command(module_run, "issue-token", "--name", "Fuzz Admin", "--role", "admin")
    for service, (method, path) in STAFF_ONLY.items():
        eventually(
            partial(_accepts, method, services[service].url + path, token),
            timeout=30,
            what=f"{service} accepts the admin token",
        )
    return token


def _accepts(method: str, url: str, token: str) -> bool:
    answer = httpx.request(method, url, headers={"Authorization": f"Bearer {token}"})
    return answer.status_code != 401


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


def test_published_documents_describe_problem_answers_and_the_web_form_body(
    services: dict[str, ServiceProcess],
) -> None:
    documents = {
        name: httpx.get(f"{process.url}/openapi.json").json() for name, process in services.items()
    }
    described = {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    refusals = {
        f"{name} {method.upper()} {path} {status}": answer.get("content", {})
        for name, document in documents.items()
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status, answer in operation["responses"].items()
        if status.startswith("4") and path != "/v1/whatsapp/webhook"
    }
    tickets = documents["tickets"]["paths"]
    webform = documents["intake"]["paths"]["/v1/webform"]["post"]

    assert [where for where, content in refusals.items() if content != described] == []
    assert "401" in tickets["/v1/tickets/{number}"]["get"]["responses"]
    assert "409" in tickets["/v1/groups"]["post"]["responses"]
    assert "content" in tickets["/v1/customer/magic-link"]["post"]["responses"]["202"]
    assert "multipart/form-data" in webform["requestBody"]["content"]


def test_chat_attachment_refusal_has_the_problem_shape_of_every_service(
    services: dict[str, ServiceProcess], admin_token: str
) -> None:
    refused = httpx.post(
        f"{services['chat'].url}/v1/chat/attachments",
        files={"file": ("tela.txt", b"texto", "text/plain")},
        headers={"Authorization": f"Bearer {admin_token}"},
    )

    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["status"] == 422
    assert refused.json()["title"] == "Dados inválidos."
    assert "session_id" in refused.json()["detail"]
