"""Every service answers errors as a `Problem` and its OpenAPI document says so.

Defaults for what FastAPI itself refuses (invalid fields, unparseable bodies, unknown paths), the
last-resort answers for values the database cannot store, and the problem answers every
operation may give, declared in the document from what the operation is: 422 for any request
(invalid input), 400 when it takes a body (unparseable), 401/403/503 when it needs a bearer token
(the credential is checked on a database), 404 when a path names a resource. Anything else a
route answers it declares itself with `problem_responses(...)`."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from helpdesk_runtime.input_guard import refuse_unstorable_values
from helpdesk_runtime.problem_details import Problem, problem_response, problem_responses

_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [
        {
            "field": ".".join(str(part) for part in item["loc"]) or "body",
            "message": str(item["msg"]),
            "type": str(item["type"]),
        }
        for item in error.errors()
    ]
    detail = ("Um ou mais campos estão inválidos.", "One or more fields are invalid.")
    return problem_response(request, 422, code="invalid_request", detail=detail, errors=fields)


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    detail = str(error.detail)
    return problem_response(
        request, error.status_code, detail=(detail, detail), headers=error.headers
    )


def install_problem_answers(app: FastAPI) -> None:
    """Problem answers for FastAPI's own refusals and the driver's, and their documentation."""
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
    refuse_unstorable_values(app)
    app.openapi = _documented_problems(app.openapi)  # type: ignore[method-assign]


def _documented_problems(build: Callable[[], dict[str, Any]]) -> Callable[[], dict[str, Any]]:
    def openapi() -> dict[str, Any]:
        document = build()  # FastAPI keeps it: the additions below are made once
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        if "Problem" in schemas:
            return document
        problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(problem.pop("$defs", {}), Problem=problem)
        for path, operations in document.get("paths", {}).items():
            for operation in operations.values():
                _declare_problems(path, operation)
        unused = [name for name in _VALIDATION_SCHEMAS if _unreferenced(document, name)]
        for name in unused:
            schemas.pop(name, None)
        return document

    return openapi


def _declare_problems(path: str, operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    statuses = [422]
    if "requestBody" in operation:
        statuses.append(400)
    if operation.get("security"):
        statuses.extend((401, 403, 503))
    if "{" in path:
        statuses.append(404)
    for status, answer in problem_responses(*statuses).items():
        existing = responses.get(str(status))
        if existing is None or _is_fastapi_validation(existing):
            responses[str(status)] = answer


def _is_fastapi_validation(response: dict[str, Any]) -> bool:
    return "HTTPValidationError" in json.dumps(response)


def _unreferenced(document: dict[str, Any], name: str) -> bool:
    without = {key: value for key, value in document.items() if key != "components"}
    other_schemas = {
        key: value
        for key, value in document.get("components", {}).get("schemas", {}).items()
        if key != name
    }
    text = json.dumps([without, other_schemas])
    return f"#/components/schemas/{name}" not in text
