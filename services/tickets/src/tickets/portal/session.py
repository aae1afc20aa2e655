"""Who is visiting "Meus chamados": the session cookie, the page language, and the checks that
keep other sites from posting the portal's forms (CSRF).

CSRF, three layers, because each covers what the others miss:
- the cookie is SameSite=Strict, so browsers leave it off every request another site starts;
- every form of a signed-in customer carries `form_token`, a signature of their session token:
  SameSite treats sibling subdomains (blog.example.com vs suporte.example.com) as the same
  site and old browsers ignore it, but neither can read the HttpOnly cookie to forge the field;
- a POST whose `Origin` names another host is refused. This is what protects the two forms
  shown before signing in («Entrar», «send me a link»), where no session exists to bind a token
  to, against signing a visitor in as someone else.

`Origin: null` (an opaque origin: a sandboxed frame, a `data:` page, a privacy extension, or a
page under `Referrer-Policy: no-referrer`, which is why the portal now says `strict-origin`)
names no site. It is accepted only on a signed-in form whose `form_token` is right, because only
a page of that session can know the token; the signed-out forms have nothing else to go on and
refuse it.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response

from helpdesk_runtime.languages import preferred_language
from tickets.api.auth import Deps, Tokens
from tickets.customer_sign_in import signed_in_requester
from tickets.domain.language import LanguageTag

PORTAL = "/meus-chamados"
COOKIE = "meus_chamados"


@dataclass(frozen=True, slots=True)
class Visit:
    language: LanguageTag
    requester_id: str | None  # None: not signed in (no cookie, or an expired or forged one)
    form_token: str | None  # what this session's forms must send back; None when signed out
    had_cookie: bool
    cross_origin: bool  # the browser says the request comes from another site's page
    opaque_origin: bool  # «Origin: null»: the browser will not say which page sent it
    https: bool


async def visit(request: Request, deps: Deps, tokens: Tokens) -> Visit:
    token = request.cookies.get(COOKIE)
    requester_id = await signed_in_requester(deps, tokens, token)
    portal = urlsplit(deps.settings.customer_portal_url)
    origin = request.headers.get("origin")
    own_hosts = {request.headers.get("host"), portal.netloc}
    return Visit(
        language=preferred_language(
            request.query_params.get("lang") or request.headers.get("accept-language")
        ),
        requester_id=requester_id,
        form_token=tokens.form_token(token) if token and requester_id else None,
        had_cookie=token is not None,
        cross_origin=origin not in (None, "null") and urlsplit(origin).netloc not in own_hosts,
        opaque_origin=origin == "null",
        https=request.url.scheme == "https" or portal.scheme == "https",
    )


Visitor = Annotated[Visit, Depends(visit)]


def forged(visit: Visit, sent_form_token: str) -> bool:
    """Whether a POST must be refused as not coming from a portal page (see module doc)."""
    if visit.cross_origin:
        return True
    if visit.form_token is None:
        return visit.opaque_origin
    return not hmac.compare_digest(visit.form_token, sent_form_token)


def start_session(response: Response, visit: Visit, *, token: str, max_age_s: int) -> None:
    """The customer token as a cookie only this portal's pages send back, for its lifetime."""
    response.set_cookie(
        COOKIE,
        token,
        max_age=max_age_s,
        path=PORTAL,
        httponly=True,
        secure=visit.https,
        samesite="strict",
    )


def end_session(response: Response, visit: Visit) -> None:
    response.delete_cookie(
        COOKIE, path=PORTAL, httponly=True, secure=visit.https, samesite="strict"
    )
