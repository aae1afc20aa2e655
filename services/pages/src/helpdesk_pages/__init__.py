"""The customer pages' shared stylesheet, served by each service that has pages.

No service imports another, so the base (colours, type, buttons, fields, focus ring, notices)
lives here and each service serves the same file at `STYLESHEET_PATH` on its own origin; a page
links it before its own `<style>`, which keeps only its layout. The same file everywhere also
means a proxy that routes several services under one host may send the path to any of them."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import Response

STYLESHEET_PATH = "/assets/helpdesk.css"
STYLE_SOURCE = "'self'"
"""What a page's Content-Security-Policy `style-src` needs to load the stylesheet."""


@cache
def stylesheet() -> str:
    return files("helpdesk_pages").joinpath("helpdesk.css").read_text(encoding="utf-8")


def stylesheet_router() -> APIRouter:
    """A route serving the stylesheet at STYLESHEET_PATH (kept out of the API document)."""
    router = APIRouter(include_in_schema=False)

    @router.get(STYLESHEET_PATH)
    async def shared_stylesheet() -> Response:
        return Response(
            stylesheet(),
            media_type="text/css; charset=utf-8",
            headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    return router
