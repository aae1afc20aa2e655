"""RFC 9457 problem details in pt-BR or English, and reading a request body within a limit."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from intake.domain.field_errors import FieldError
from intake.domain.service_catalogue import Language
from intake.handlers.reception import InboundRefused

PROBLEM_JSON = "application/problem+json"
RETRY_AFTER_S = "30"
_TITLES: dict[int, dict[Language, str]] = {
    400: {"pt-BR": "Requisição inválida", "en": "Bad request"},
    401: {"pt-BR": "Não autenticado", "en": "Unauthenticated"},
    404: {"pt-BR": "Não encontrado", "en": "Not found"},
    413: {"pt-BR": "Mensagem grande demais", "en": "Message too large"},
    422: {"pt-BR": "Dados inválidos", "en": "Invalid data"},
    503: {
        "pt-BR": "Serviço temporariamente indisponível; tente novamente",
        "en": "Service temporarily unavailable; please try again",
    },
}
_STATUS_OF_REFUSAL = {"too_large": 413, "unparseable": 422, "invalid_sender": 422, "invalid": 400}


def problem(
    status: int,
    language: Language,
    *,
    detail: str | None = None,
    errors: Sequence[FieldError] = (),
) -> JSONResponse:
    """A problem+json response; 503 tells the client when to retry."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": _TITLES.get(status, _TITLES[400])[language],
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = [error.model_dump() for error in errors]
    headers: dict[str, str] = {"Content-Language": language}
    if status == 503:
        headers["Retry-After"] = RETRY_AFTER_S
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def refusal_problem(refusal: InboundRefused, language: Language) -> JSONResponse:
    return problem(_STATUS_OF_REFUSAL[refusal.code], language, detail=refusal.reason)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refusing (413) more than `limit` bytes without reading them all."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InboundRefused("too_large", f"body of {declared} bytes exceeds {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise InboundRefused("too_large", f"body exceeds {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)
