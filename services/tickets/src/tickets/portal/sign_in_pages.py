"""Signing in and out of "Meus chamados" in the browser, through the same use cases as the
JSON API (customer_sign_in.py).

The emailed link opens a page with an «Entrar» button: only its POST spends the single-use
code, so mail scanners that fetch links do not sign anyone in or burn the link.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from tickets import customer_sign_in as sign_in
from tickets.api.auth import Deps, Tokens
from tickets.api.customer import MagicLinkRequest, SessionRequest
from tickets.portal.pages import ask_link_page, forged_page, render, url_in
from tickets.portal.session import (
    COOKIE,
    PORTAL,
    Visit,
    Visitor,
    end_session,
    forged,
    start_session,
)
from tickets.portal.texts import texts_in

router = APIRouter(prefix=PORTAL, include_in_schema=False)
FormField = Annotated[str, Form()]


def enter_page(visit: Visit, code: str) -> HTMLResponse:
    """The «Entrar» page a magic link opens (the code is spent only when it is posted)."""
    return render("enter.html", visit, query={"code": code}, code=code)


@router.post("/entrar")
async def enter(
    visit: Visitor, deps: Deps, tokens: Tokens, code: FormField = "", form_token: FormField = ""
) -> Response:
    if forged(visit, form_token):
        return forged_page(visit)
    try:
        valid = SessionRequest(code=code)
    except ValidationError:
        valid = None
    token = await sign_in.redeem_magic_link(deps, tokens, code=valid.code) if valid else None
    if token is None:
        notice = texts_in(visit.language)["link_invalid"]
        return ask_link_page(visit, notice=notice, status_code=400)
    response = RedirectResponse(url_in(visit.language, PORTAL), status_code=303)
    start_session(response, visit, token=token, max_age_s=tokens.max_age_s)
    return response


@router.post("/link")
async def ask_for_link(
    visit: Visitor, deps: Deps, email: FormField = "", form_token: FormField = ""
) -> Response:
    """The same page whether or not the address is a customer's, as in the JSON API."""
    if forged(visit, form_token):
        return forged_page(visit)
    try:
        address = str(MagicLinkRequest(email=email).email)
    except ValidationError:
        error = texts_in(visit.language)["email_invalid"]
        return ask_link_page(visit, email=email, error=error, status_code=422)
    await sign_in.request_magic_link(deps, email=address, accept_language=visit.language)
    minutes = round(deps.settings.magic_link_lifetime_s / 60)
    return render("link_sent.html", visit, minutes=minutes)


@router.post("/sair")
async def sign_out(
    request: Request, visit: Visitor, tokens: Tokens, form_token: FormField = ""
) -> Response:
    """Ends the session on the server too: a copy of the cookie stops working."""
    if forged(visit, form_token):
        return forged_page(visit)
    if token := request.cookies.get(COOKIE):
        await tokens.revoke(token)
    response = RedirectResponse(url_in(visit.language, PORTAL), status_code=303)
    end_session(response, visit)
    return response
