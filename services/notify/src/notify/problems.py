"""Errors of notify's HTTP API as application/problem+json (RFC 9457), in pt-BR or English.

Staff credentials are checked by helpdesk_runtime.staff_access on notify's copy of the staff
directory (tokens from `python -m tickets.admin issue-token`).
"""

from __future__ import annotations

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
