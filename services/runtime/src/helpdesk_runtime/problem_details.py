"""The one shape of every error answer (RFC 9457 `application/problem+json`), how a route declares
the problems it may answer in OpenAPI, and how a problem response is built in pt-BR or English.

Services keep their own titles and codes; they all fit `Problem` (extra members are allowed)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from helpdesk_runtime.languages import preferred_language

PROBLEM_JSON = "application/problem+json"
PROBLEM_REF = "#/components/schemas/Problem"
REASONS: dict[int, tuple[str, str]] = {
    400: ("Requisição inválida.", "Bad request."),
    401: ("Credencial ausente ou inválida.", "Missing or invalid credentials."),
    403: ("Você não tem permissão para isso.", "You are not allowed to do this."),
    404: ("Recurso não encontrado.", "Resource not found."),
    405: ("Método não permitido.", "Method not allowed."),
    409: ("Conflito com o estado atual.", "Conflict with the current state."),
    410: ("Não está mais disponível.", "No longer available."),
    413: ("Conteúdo grande demais.", "Content too large."),
    415: ("Tipo de conteúdo não suportado.", "Unsupported media type."),
    422: ("Dados inválidos.", "Invalid data."),
    429: ("Muitas requisições; aguarde.", "Too many requests; please wait."),
    503: (
        "Serviço temporariamente indisponível; tente novamente.",
        "Service temporarily unavailable; please try again.",
    ),
}
"""Title of each status a service answers with a problem, in pt-BR and English."""


class FieldProblem(BaseModel):
    """One bad input: where it is and what is wrong with it."""

    model_config = ConfigDict(extra="allow")
    field: str = Field(description="Where: `query.limit`, `path.number`, `body.caller.email`")
    message: str


class Problem(BaseModel):
    """An error answer: RFC 9457 problem details, in pt-BR or English by Accept-Language."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(default="about:blank", description="A URI naming the kind of problem")
    title: str
    status: int = Field(ge=400, le=599)
    detail: str | None = None
    code: str | None = Field(default=None, description="A stable code for programs")
    instance: str | None = Field(default=None, description="The path that was called")
    errors: list[FieldProblem] | None = Field(default=None, description="Every bad field")


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for a route or router that may answer these problems."""
    return {
        status: {
            "description": REASONS[status][1],
            "content": {PROBLEM_JSON: {"schema": {"$ref": PROBLEM_REF}}},
        }
        for status in statuses
    }


def problem_response(
    request: Request,
    status: int,
    *,
    detail: tuple[str, str] | None = None,
    errors: Sequence[Mapping[str, Any]] = (),
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """A problem answer; `detail` is (pt-BR, English), 401 names the Bearer scheme."""
    english = preferred_language(request.headers.get("accept-language")) == "en"
    title = REASONS.get(status, REASONS[400 if status < 500 else 503])
    body: dict[str, Any] = {
        "type": f"urn:helpdesk:problem:{code}" if code else "about:blank",
        "title": title[english],
        "status": status,
        "instance": request.url.path,
    }
    if detail:
        body["detail"] = detail[english]
    if code:
        body["code"] = code
    if errors:
        body["errors"] = [dict(error) for error in errors]
    answer_headers = {"Content-Language": "en" if english else "pt-BR", **(headers or {})}
    if status == 401:
        answer_headers.setdefault("WWW-Authenticate", "Bearer")
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=answer_headers)
