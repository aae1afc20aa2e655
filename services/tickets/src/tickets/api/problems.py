"""Errors as `application/problem+json` (RFC 9457), in pt-BR or English by Accept-Language."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from tickets.adapters.ticket_store import VersionConflict
from tickets.app_errors import AppProblem
from tickets.domain.errors import TicketRuleViolation
from tickets.domain.language import Localized

PROBLEM_JSON = "application/problem+json"
INVALID_REQUEST = Localized(
    "Alguns campos da requisição são inválidos.", "Some fields of the request are invalid."
)
_HTTP_TITLES = {
    401: Localized("Credencial ausente ou inválida.", "Missing or invalid credentials."),
    403: Localized("Você não tem permissão para isso.", "You are not allowed to do this."),
    404: Localized("Recurso não encontrado.", "Resource not found."),
    405: Localized("Método não permitido.", "Method not allowed."),
}


def language_of(request: Request) -> str | None:
    return request.headers.get("accept-language")


def problem(
    request: Request, *, status: int, code: str, reason: Localized, **extra: Any
) -> JSONResponse:
    body = {
        "type": f"urn:helpdesk:problem:{code}",
        "title": reason.in_language(language_of(request)),
        "status": status,
        "code": code,
        "instance": request.url.path,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


async def _app_problem(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, AppProblem)
    return problem(request, status=error.status, code=error.code, reason=error.reason)


async def _rule_violation(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, TicketRuleViolation)
    return problem(request, status=error.http_status, code=error.code, reason=error.reason)


async def _version_conflict(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, VersionConflict)
    reason = Localized(
        f"O chamado nº {error.number} foi alterado ao mesmo tempo por outra pessoa; "
        "recarregue e tente de novo.",
        f"Ticket #{error.number} was changed by someone else at the same time; reload and "
        "try again.",
    )
    return problem(request, status=409, code="version_conflict", reason=reason)


async def _invalid_request(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    fields = [
        {
            "field": ".".join(str(part) for part in item["loc"]),
            "message": item["msg"],
            "type": item["type"],
        }
        for item in error.errors()
    ]
    return problem(
        request, status=422, code="invalid_request", reason=INVALID_REQUEST, errors=fields
    )


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)
    reason = _HTTP_TITLES.get(error.status_code, Localized(str(error.detail), str(error.detail)))
    return problem(
        request, status=error.status_code, code=f"http_{error.status_code}", reason=reason
    )


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(AppProblem, _app_problem)
    app.add_exception_handler(TicketRuleViolation, _rule_violation)
    app.add_exception_handler(VersionConflict, _version_conflict)
    app.add_exception_handler(RequestValidationError, _invalid_request)
    app.add_exception_handler(HTTPException, _http_error)
