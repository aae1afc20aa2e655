"""Who is at the workspace: the session cookie, the page language, and the CSRF checks.

- The cookie holds only a random session id: HttpOnly (no script reads it), SameSite=Lax (other
  sites' forms and scripts do not send it; a link from an e-mail still opens a signed-in page),
  Secure when the workspace is served over https, scoped to `/desk`.
- Every form of a signed-in analyst carries the session's random `csrf_token`, compared in
  constant time: SameSite treats sibling subdomains as the same site, the token does not.
- A POST whose `Origin` names another host is refused: this covers the sign-in forms, before a
  session (and its token) exists.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response

from desk.adapters.service_apis import ServiceApis
from desk.adapters.sessions import SessionStore, StaffSession
from desk.settings import DeskSettings
from helpdesk_contracts.common import Language
from helpdesk_runtime.languages import preferred_language

DESK = "/desk"
COOKIE = "desk_session"


class SignInRequired(Exception):
    """No valid session: the page answers with the sign-in form."""


class ForgedForm(Exception):
    """A POST that did not come from one of this session's pages."""


@dataclass(frozen=True, slots=True)
class Visit:
    language: Language
    session_id: str | None
    analyst: StaffSession | None
    cross_origin: bool


@dataclass(frozen=True, slots=True)
class Workspace:
    """What the pages need, built once per app."""

    settings: DeskSettings
    sessions: SessionStore
    apis: ServiceApis


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


Desk = Annotated[Workspace, Depends(workspace)]


async def visit(request: Request, desk: Desk) -> Visit:
    session_id = request.cookies.get(COOKIE)
    analyst = await desk.sessions.find(session_id) if session_id else None
    origin = request.headers.get("origin")
    own_hosts = {request.headers.get("host"), urlsplit(desk.settings.public_url).netloc}
    return Visit(
        language=preferred_language(
            request.query_params.get("lang") or request.headers.get("accept-language")
        ),
        session_id=session_id if analyst else None,
        analyst=analyst,
        cross_origin=origin is not None and urlsplit(origin).netloc not in own_hosts,
    )


Visitor = Annotated[Visit, Depends(visit)]


def signed_in(visit: Visitor) -> StaffSession:
    if visit.analyst is None:
        raise SignInRequired
    return visit.analyst


Analyst = Annotated[StaffSession, Depends(signed_in)]


def check_form(visit: Visit, csrf_token: str) -> None:
    """Refuse a POST from another site, or (signed in) without this session's token."""
    if visit.cross_origin:
        raise ForgedForm
    if visit.analyst is not None and not hmac.compare_digest(
        visit.analyst.csrf_token.encode(), csrf_token.encode()
    ):
        raise ForgedForm


def start_session(response: Response, settings: DeskSettings, session_id: str) -> None:
    response.set_cookie(
        COOKIE,
        session_id,
        max_age=settings.session_max_age_s,
        path=DESK,
        httponly=True,
        secure=settings.public_url.startswith("https"),
        samesite="lax",
    )


def end_session(response: Response, settings: DeskSettings) -> None:
    response.delete_cookie(
        COOKIE,
        path=DESK,
        httponly=True,
        secure=settings.public_url.startswith("https"),
        samesite="lax",
    )
