"""Rendering a workspace page: the template, its words in the visit's language, the analyst."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from desk.session import DESK, Visit
from desk.texts import texts

LEADING_ROLES = ("leader", "coordinator", "manager", "admin")
"""Roles that see the leader view (the staff directory's ranks above agent)."""
TEMPLATES = Jinja2Templates(directory=Path(__file__).resolve().parent.parent / "templates")
FORMATS = {"pt-BR": "%d/%m/%Y %H:%M", "en": "%Y-%m-%d %H:%M"}


def local_time(moment: str | None, zone: ZoneInfo, language: str) -> str:
    """An ISO 8601 instant from an API, as the analyst reads it in their time zone."""
    if not moment:
        return "—"
    try:
        parsed = datetime.fromisoformat(moment)
    except ValueError:
        return moment
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(zone).strftime(FORMATS.get(language, FORMATS["en"]))


TEMPLATES.env.filters["local_time"] = local_time


def clock_time(moment: datetime, zone: ZoneInfo) -> str:
    """HH:MM where the team works (the database hands back UTC without an offset)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).strftime("%H:%M")


TEMPLATES.env.filters["clock_time"] = clock_time


def render(
    request: Request, visit: Visit, template: str, *, status: int = 200, **context: Any
) -> HTMLResponse:
    other = "en" if visit.language == "pt-BR" else "pt-BR"
    switch = request.url.path + "?" + urlencode({**request.query_params, "lang": other})
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "t": texts(visit.language),
            "language": visit.language,
            "other_language": other,
            "switch_language_url": switch,
            "analyst": visit.analyst,
            "csrf_token": visit.analyst.csrf_token if visit.analyst else "",
            "desk": DESK,
            "lang_query": "?lang=en" if visit.language == "en" else "",
            "zone": request.app.state.workspace.settings.time_zone,
            "leading_roles": LEADING_ROLES,
            **context,
        },
        status_code=status,
    )
