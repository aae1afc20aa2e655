"""Rendering "Meus chamados" pages (Jinja2, no JavaScript) and the pages every route may answer
with: ask for a sign-in link, form refused, ticket not found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from helpdesk_pages import STYLESHEET_PATH
from tickets.app_errors import ticket_not_found
from tickets.domain.language import LanguageTag
from tickets.portal.session import PORTAL, Visit, end_session, forged
from tickets.portal.texts import texts_in

_templates = Environment(
    loader=PackageLoader("tickets.portal", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
# Personal pages: never cached, never framed (the buttons change tickets), no Referer leaking
# a sign-in code (strict-origin sends the origin alone; not no-referrer, under which Chromium
# posts «Origin: null» and the portal could not tell its own forms from a sandboxed page's),
# nothing loaded from anywhere, forms posted only here.
_HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "strict-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'self' 'unsafe-inline'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}


def url_in(language: LanguageTag, path: str, query: Mapping[str, str] | None = None) -> str:
    """`path` with `query`, keeping the page language."""
    return f"{path}?{urlencode({**(query or {}), 'lang': language})}"


def render(
    template: str,
    visit: Visit,
    *,
    path: str = PORTAL,
    query: Mapping[str, str] | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """`template` for this visitor; `path` and `query` are the page's own address (the
    language switch points there)."""
    language = visit.language
    other: LanguageTag = "pt-BR" if language == "en" else "en"
    html = _templates.get_template(template).render(
        language=language,
        other_language=other,
        t=texts_in(language),
        signed_in=visit.requester_id is not None,
        form_token=visit.form_token or "",
        switch_language_url=url_in(other, path, query),
        url=lambda target, **params: url_in(language, target, params),
        portal=PORTAL,
        stylesheet=STYLESHEET_PATH,
        **context,
    )
    headers = {**_HEADERS, "Content-Language": language}
    return HTMLResponse(html, status_code=status_code, headers=headers)


def ask_link_page(
    visit: Visit, *, notice: str | None = None, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """The form that emails a sign-in link; `notice` says why the visitor landed here."""
    context = {"email": "", "error": None, **context}
    return render("ask_link.html", visit, notice=notice, status_code=status_code, **context)


def signed_out_page(visit: Visit) -> HTMLResponse:
    """For a page that needs a session: ask for a link, dropping a cookie that no longer works."""
    notice = texts_in(visit.language)["session_expired"] if visit.had_cookie else None
    response = ask_link_page(visit, notice=notice)
    if visit.had_cookie:
        end_session(response, visit)
    return response


def forged_page(visit: Visit) -> HTMLResponse:
    return render("forged.html", visit, status_code=403)


def not_found_page(visit: Visit, number: int) -> HTMLResponse:
    reason = ticket_not_found(number).reason.in_language(visit.language)
    return render("not_found.html", visit, reason=reason, status_code=404)


def form_sender(visit: Visit, form_token: str) -> str | HTMLResponse:
    """The requester a ticket form comes from, or the page answering a form that must not be
    applied (signed out, or not posted from a page of this session)."""
    if visit.requester_id is None:
        return signed_out_page(visit)
    return forged_page(visit) if forged(visit, form_token) else visit.requester_id
