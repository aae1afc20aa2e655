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


def local_time(moment: datetime, time_zone: str) -> str:
    """HH:MM where the team works (the database hands back UTC without an offset)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(time_zone)).strftime("%H:%M")


TEMPLATES.env.filters["local_time"] = local_time


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
            "leading_roles": LEADING_ROLES,
            **context,
        },
        status_code=status,
    )
