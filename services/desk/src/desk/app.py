"""Wiring of the analysts' workspace: session store, service APIs, pages, answers to failures."""

from __future__ import annotations

from pathlib import Path

import structlog
from fastapi import FastAPI, Request, Response
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from desk.adapters.service_apis import ApiProblem, ServiceApis, ServiceUnreachable
from desk.adapters.sessions import SessionStore
from desk.adapters.team_log import TeamLog
from desk.live import TicketFeed, follow_ticket_events
from desk.pages import availability, chat, files, leader, live, queues, sign_in, ticket
from desk.pages.render import render
from desk.session import (
    COOKIE,
    DESK,
    ForgedForm,
    SignInRequired,
    Workspace,
    end_session,
    visit,
)
from desk.settings import DeskSettings
from desk.team_feed import follow_team_events
from desk.texts import texts
from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings

log = structlog.get_logger(__name__)
STATIC = Path(__file__).resolve().parent / "static"
# Pages load nothing from elsewhere and run no inline script or style; never framed.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    # A sign-in link's code never leaves in a Referer; "no-referrer" would make Chromium send
    # «Origin: null» on our own forms, which the CSRF check refuses.
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def desk_settings(settings: ServiceSettings) -> DeskSettings:
    return settings if isinstance(settings, DeskSettings) else DeskSettings()


def build_app(settings: ServiceSettings) -> FastAPI:
    config = desk_settings(settings)
    runtime = ServiceRuntime(service="desk", settings=config)
    sessions = SessionStore(runtime.db)
    runtime.on_startup(sessions.ensure_indexes)
    feed = TicketFeed()
    follow_ticket_events(runtime, feed)
    team_log = TeamLog(runtime.db)
    runtime.on_startup(team_log.ensure_indexes)
    follow_team_events(runtime, team_log, feed)
    apis = ServiceApis(
        tickets_url=config.tickets_url,
        sla_url=config.sla_url,
        timeout_s=config.api_timeout_s,
        chat_url=config.chat_url,
    )
    app = create_app(
        runtime,
        title="desk",
        description="The analysts' workspace at /desk/ (HTML pages; no JSON API of its own).",
        routers=[
            sign_in.router,
            queues.router,
            ticket.router,
            files.router,
            live.router,
            chat.router,
            leader.router,
            availability.router,
        ],
    )
    app.state.workspace = Workspace(settings=config, sessions=sessions, apis=apis)
    app.state.ticket_feed = feed
    app.state.team_log = team_log
    app.router.add_event_handler("shutdown", apis.close)
    app.mount(f"{DESK}/static", StaticFiles(directory=STATIC), name="static")
    install_page_answers(app)

    @app.get(DESK, include_in_schema=False)
    async def desk_root() -> Response:
        return RedirectResponse(f"{DESK}/", status_code=308)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        if request.url.path.startswith(DESK):
            response.headers.update(SECURITY_HEADERS)
        return response

    return app


async def alert_page(
    request: Request, status: int, message: str | None = None, *, key: str = ""
) -> Response:
    """A page that explains a failure (`message`, or the text named `key`) in the visit's
    language."""
    seen = await visit(request, request.app.state.workspace)
    t = texts(seen.language)
    return render(
        request, seen, "message.html", status=status, heading=t["desk_name"],
        message=message if message is not None else t[key], kind="alert",
    )  # fmt: skip


def install_page_answers(app: FastAPI) -> None:
    """What a page shows when signing in is needed, a form is forged, or a service fails."""

    @app.exception_handler(SignInRequired)
    async def to_sign_in(request: Request, _: Exception) -> Response:
        return RedirectResponse(f"{DESK}/sign-in", status_code=303)

    @app.exception_handler(ForgedForm)
    async def forged(request: Request, _: Exception) -> Response:
        return await alert_page(request, 403, key="forged")

    @app.exception_handler(ServiceUnreachable)
    async def unreachable(request: Request, error: Exception) -> Response:
        log.warning("a service did not answer", error=str(error)[:300])
        return await alert_page(request, 503, key="unreachable")

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, error: Exception) -> Response:
        """401 from a service: the staff token was revoked or the agent deactivated, so the
        session ends; anything else unexpected is shown, never a bare 500."""
        assert isinstance(error, ApiProblem)
        workspace: Workspace = request.app.state.workspace
        if error.status == 401:
            session_id = request.cookies.get(COOKIE)
            if session_id:
                await workspace.sessions.close(session_id)
            response = RedirectResponse(f"{DESK}/sign-in", status_code=303)
            end_session(response, workspace.settings)
            return response
        log.warning("a service refused a page's call", status=error.status, detail=error.detail)
        status = 503 if error.status >= 500 else 502 if error.status != 403 else 403
        language = (await visit(request, workspace)).language
        return await alert_page(request, status, f"{texts(language)['refused']} {error.detail}")
