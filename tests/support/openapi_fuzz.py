"""Schema fuzzing of one running service from its published OpenAPI document (schemathesis):
every operation gets valid and invalid requests, and every answer is checked against the
document. Failures are collected rather than shrunk, so one run counts them all."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckFunction
from schemathesis.core.failures import FailureGroup
from schemathesis.core.result import Err
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

SERVER_ERRORS, UNDECLARED_STATUSES, SCHEMA_MISMATCHES = "server errors", "undeclared", "schema"
CHECKS: dict[str, tuple[CheckFunction, ...]] = {
    SERVER_ERRORS: (schemathesis.checks.not_a_server_error,),
    UNDECLARED_STATUSES: (status_code_conformance,),
    SCHEMA_MISMATCHES: (response_schema_conformance, content_type_conformance),
}
AnyCase = Case[Any]
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)


@dataclass
class FuzzReport:
    """What one fuzzing pass sent and which answers broke the published document."""

    service: str
    credentials: str
    requests: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    """One sample request and complaint per kind of failure, operation and status."""

    def record(self, kind: str, case: AnyCase, status: int, message: str) -> None:
        self.failures[kind] += 1
        where = f"[{kind}] {case.method} {case.path} -> {status}"
        if where not in self.examples:
            sent = f"{case.method} {case.formatted_path} query={case.query!r} body={case.body!r}"
            self.examples[where] = f"{sent[:300]}\n      {message.strip()[:600]}"

    @property
    def summary(self) -> str:
        return (
            f"openapi fuzz {self.service} ({self.credentials}): {self.requests} requests, "
            f"{self.failures[SERVER_ERRORS]} server errors, "
            f"{self.failures[UNDECLARED_STATUSES]} undeclared statuses, "
            f"{self.failures[SCHEMA_MISMATCHES]} schema mismatches"
        )

    def details(self) -> str:
        return "\n".join(f"  {where}: {sample}" for where, sample in self.examples.items())


def fuzz_service(
    *,
    service: str,
    base_url: str,
    headers: dict[str, str],
    credentials: str,
    examples_per_operation: int,
) -> FuzzReport:
    """Send `examples_per_operation` valid and as many invalid requests to every operation."""
    schemathesis.serializer.alias("message/rfc822", "application/octet-stream")
    schema = schemathesis.openapi.from_url(f"{base_url}/openapi.json", timeout=10)
    report = FuzzReport(service, credentials)
    session = requests.Session()
    for result in schema.get_all_operations():
        if isinstance(result, Err):  # the document itself is broken: say where
            raise result.err()
        operation = result.ok()
        if (operation.method.upper(), operation.path) in ENDS_THE_CALLERS_SESSION:
            continue  # signing the fuzzer's own token out would refuse every later request
        for mode in MODES:
            fuzz = _fuzzer(report, base_url, headers, session)
            bounded = settings(
                max_examples=examples_per_operation,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            try:
                bounded(given(operation.as_strategy(generation_mode=mode))(fuzz))()
            except Unsatisfiable:  # nothing to make invalid (an operation without inputs)
                continue
    return report


ENDS_THE_CALLERS_SESSION = frozenset(
    {("DELETE", "/v1/staff/sessions/current"), ("DELETE", "/v1/customer/sessions/current")}
)


def _fuzzer(
    report: FuzzReport, base_url: str, headers: dict[str, str], session: requests.Session
) -> Callable[[AnyCase], None]:
    def send(case: AnyCase) -> None:
        response = case.call(base_url=base_url, session=session, headers=headers, timeout=30)
        report.requests += 1
        for kind, checks in CHECKS.items():
            try:
                case.validate_response(response, checks=list(checks), headers=headers)
            except (AssertionError, FailureGroup) as failure:
                report.record(kind, case, response.status_code, str(failure))

    return send
