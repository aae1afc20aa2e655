"""Staff credentials for notify's HTTP API, and its problem+json errors.

Interim verifier: the tickets service issues role-carrying staff tokens in parallel work; until
its verifier is shared, notify accepts the bearer tokens listed in ``HELPDESK_STAFF_TOKENS``
(comma-separated), compared in constant time. With no token configured every call is refused.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable

from fastapi import Request
from fastapi.responses import JSONResponse

from notify.domain.languages import Language, select_language

PROBLEM_JSON = "application/problem+json"


class Problem(Exception):
    """An RFC 9457 problem answered to the caller in pt-BR or English."""

    def __init__(self, status: int, title: str, detail_pt: str, detail_en: str) -> None:
        super().__init__(detail_en)
        self.status = status
        self.title = title
        self.details = {Language.PT_BR: detail_pt, Language.EN: detail_en}


async def problem_response(request: Request, problem: Exception) -> JSONResponse:
    assert isinstance(problem, Problem)
    language = select_language(request.headers.get("accept-language"))
    headers = {"WWW-Authenticate": "Bearer"} if problem.status == 401 else None
    return JSONResponse(
        {
            "type": "about:blank",
            "title": problem.title,
            "status": problem.status,
            "detail": problem.details[language],
        },
        status_code=problem.status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def staff_verifier(tokens: tuple[str, ...]) -> Callable[[Request], Awaitable[None]]:
    """A FastAPI dependency admitting requests that carry one of ``tokens`` as a bearer token."""
    accepted = [token.encode() for token in tokens]

    async def verify(request: Request) -> None:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        offered = credential.strip().encode()
        valid = [hmac.compare_digest(offered, token) for token in accepted]
        if scheme.lower() != "bearer" or not offered or not any(valid):
            raise Problem(
                401,
                "Unauthorized",
                "Credencial de atendente ausente ou inválida.",
                "Missing or invalid staff credential.",
            )

    return verify
