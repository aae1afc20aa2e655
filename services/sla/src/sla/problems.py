"""Errors answered as application/problem+json (RFC 9457), in pt-BR unless English is asked for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from helpdesk_contracts.common import Language
from helpdesk_runtime.languages import preferred_language

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An error for the caller: status, and a title and detail in each language."""

    def __init__(
        self,
        status: int,
        title: tuple[str, str],
        detail: tuple[str, str],
        errors: Sequence[dict[str, str]] = (),
    ) -> None:
        super().__init__(detail[1])
        self.status = status
        self.title = {"pt-BR": title[0], "en": title[1]}
        self.detail = {"pt-BR": detail[0], "en": detail[1]}
        self.errors = list(errors)


def language_of(request: Request) -> Language:
    return preferred_language(request.headers.get("accept-language"))


def field_errors(errors: Sequence[Any], *, prefix: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Pydantic errors as [{"field": "a.b", "message": ...}], one per bad field."""
    return [
        {
            "field": ".".join(str(part) for part in (*prefix, *error["loc"])) or "body",
            "message": str(error["msg"]),
        }
        for error in errors
    ]


def invalid(errors: list[dict[str, str]]) -> Problem:
    return Problem(
        422,
        ("Dados inválidos", "Invalid input"),
        ("Um ou mais campos estão inválidos.", "One or more fields are invalid."),
        errors,
    )


def invalid_config(error: ValidationError) -> Problem:
    return invalid(field_errors(error.errors(), prefix=("body",)))


async def _answer(request: Request, problem: Exception) -> JSONResponse:
    assert isinstance(problem, Problem)
    language = language_of(request)
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": problem.title[language],
        "status": problem.status,
        "detail": problem.detail[language],
    }
    if problem.errors:
        body["errors"] = problem.errors
    headers = {"WWW-Authenticate": "Bearer", "Content-Language": language}
    if problem.status != 401:
        headers.pop("WWW-Authenticate")
    return JSONResponse(body, status_code=problem.status, media_type=PROBLEM_JSON, headers=headers)


async def _request_invalid(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    return await _answer(request, invalid(field_errors(error.errors())))


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(Problem, _answer)
    app.add_exception_handler(RequestValidationError, _request_invalid)
