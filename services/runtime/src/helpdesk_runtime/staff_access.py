"""Staff-only routes: a FastAPI dependency that checks the bearer token on the service's copy of
the staff directory and the member's role. Refusals are application/problem+json (401 without a
valid token, 403 when the role is too low, 503 while the copy cannot be read) in pt-BR, or
English when Accept-Language asks."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, get_args

from fastapi import Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pymongo.errors import PyMongoError

from helpdesk_contracts.common import StaffRole
from helpdesk_runtime.languages import preferred_language
from helpdesk_runtime.staff_directory import StaffCredential, StaffDirectory

PROBLEM_JSON = "application/problem+json"
ROLES: tuple[StaffRole, ...] = get_args(StaffRole)
"""From the front line up the escalation ladder: each role may do what the ones before may."""
_bearer = HTTPBearer(auto_error=False, description="Staff token (python -m tickets.admin)")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


class StaffAccessRefused(Exception):
    """A staff-only route refused: status, stable code, and title and detail in both languages."""

    def __init__(
        self, status: int, code: str, title: tuple[str, str], detail: tuple[str, str]
    ) -> None:
        super().__init__(detail[1])
        self.status, self.code = status, code
        self.title = {"pt-BR": title[0], "en": title[1]}
        self.detail = {"pt-BR": detail[0], "en": detail[1]}


def unauthenticated() -> StaffAccessRefused:
    return StaffAccessRefused(
        401,
        "unauthenticated",
        ("Credencial ausente ou inválida.", "Missing or invalid credentials."),
        (
            "Envie um token válido em «Authorization: Bearer <token>».",
            "Send a valid token in «Authorization: Bearer <token>».",
        ),
    )


def role_allows(role: StaffRole, minimum: StaffRole) -> bool:
    return ROLES.index(role) >= ROLES.index(minimum)


def needs_role(minimum: StaffRole) -> StaffAccessRefused:
    return StaffAccessRefused(
        403,
        "forbidden",
        ("Você não tem permissão para isso.", "You are not allowed to do this."),
        (
            f"Esta ação exige o papel «{minimum}» ou superior.",
            f"This action needs the «{minimum}» role or higher.",
        ),
    )


def cannot_check_now() -> StaffAccessRefused:
    return StaffAccessRefused(
        503,
        "unavailable",
        ("Serviço temporariamente indisponível.", "Service temporarily unavailable."),
        (
            "Não foi possível verificar a credencial agora; tente de novo em instantes.",
            "The credential could not be checked right now; try again shortly.",
        ),
    )


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header value."""
    scheme, _, token = (authorization or "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


def staff_access(
    directory: StaffDirectory, minimum: StaffRole = "agent"
) -> Callable[..., Awaitable[StaffCredential]]:
    """A dependency admitting staff whose role is `minimum` or above; it returns who they are."""

    async def authenticate(bearer: Bearer) -> StaffCredential:
        try:
            credential = await directory.verify(bearer.credentials) if bearer else None
        except PyMongoError:  # the copy of the directory cannot be read: a temporary failure
            raise cannot_check_now() from None
        if credential is None:
            raise unauthenticated()
        if not role_allows(credential.role, minimum):
            raise needs_role(minimum)
        return credential

    return authenticate


async def refusal_response(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StaffAccessRefused)
    language = preferred_language(request.headers.get("accept-language"))
    body = {
        "type": f"urn:helpdesk:problem:{error.code}",
        "title": error.title[language],
        "status": error.status,
        "code": error.code,
        "detail": error.detail[language],
        "instance": request.url.path,
    }
    headers: dict[str, str] = {"Content-Language": language}
    if error.status == 401:
        headers["WWW-Authenticate"] = "Bearer"
    return JSONResponse(body, status_code=error.status, media_type=PROBLEM_JSON, headers=headers)


def install_staff_access_problems(app: FastAPI) -> None:
    app.add_exception_handler(StaffAccessRefused, refusal_response)
