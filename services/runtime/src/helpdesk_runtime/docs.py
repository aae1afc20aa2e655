"""Documentation pages every service serves, with nothing loaded from the internet:
/docs (Swagger UI) and /redoc use the assets the pinned `fastapi-offline` package ships, under
/docs-assets; /asyncapi is the AsyncAPI document rendered on the server as plain HTML (no script),
one section per event with its channel, consumers and payload schema."""

from __future__ import annotations

import json
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import fastapi_offline
from fastapi import APIRouter, FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from faststream.specification.base import Specification
from starlette.staticfiles import StaticFiles

from helpdesk_contracts.asyncapi import build_specification

ASSETS = "/docs-assets"
_STYLE = (
    "body{font-family:system-ui,sans-serif;line-height:1.5;max-width:60rem;margin:0 auto;"
    "padding:0 1rem 3rem;color:#1a1a1a}pre{background:#f4f6f8;padding:.75rem;overflow:auto;"
    "font-size:.85rem}section{border-top:1px solid #ccc;margin-top:1.5rem}code{color:#0b4f9c}"
)


@cache
def _specification() -> Specification:
    return build_specification()


def install_offline_docs(app: FastAPI) -> None:
    """/docs and /redoc from the packaged assets (create the app with docs_url=None)."""
    app.mount(
        ASSETS,
        StaticFiles(directory=Path(fastapi_offline.__file__).parent / "static"),
        name="docs-assets",
    )
    title = app.title

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title=f"{title} - Swagger UI",
            swagger_js_url=f"{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{ASSETS}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        page = get_redoc_html(
            openapi_url="/openapi.json",
            title=f"{title} - ReDoc",
            redoc_js_url=f"{ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{ASSETS}/favicon.png",
            with_google_fonts=False,
        )
        # ReDoc's footer draws its maker's logo from their CDN: images come only from here.
        page.headers["Content-Security-Policy"] = "img-src 'self' data:"
        return page


def asyncapi_html(document: dict[str, Any]) -> str:
    """The AsyncAPI document as one readable page: every channel with its payload schema."""
    messages = document.get("components", {}).get("messages", {})
    sections = []
    for name, channel in sorted(document.get("channels", {}).items()):
        refs = [m.get("$ref", "") for m in channel.get("messages", {}).values()]
        payloads = [messages.get(r.rsplit("/", 1)[-1], {}).get("payload", {}) for r in refs]
        schema = json.dumps(payloads[0] if len(payloads) == 1 else payloads, indent=2)
        sections.append(
            f"<section><h2 id='{escape(name, quote=True)}'><code>{escape(channel['address'])}"
            f"</code></h2><p>{escape(channel.get('description', ''))}</p>"
            f"<pre tabindex='0'>{escape(schema)}</pre></section>"
        )
    schemas = json.dumps(document.get("components", {}).get("schemas", {}), indent=2)
    info = document.get("info", {})
    title = escape(f"{info.get('title', 'Events')} {info.get('version', '')}")
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'><meta name='viewport' "
        f"content='width=device-width, initial-scale=1'><title>{title}</title>"
        f"<style>{_STYLE}</style></head><body><main><h1>{title}</h1>"
        f"<p>AsyncAPI {escape(str(document.get('asyncapi', '')))}: every event on the "
        f"exchange, by routing key. Machine-readable: <a href='/asyncapi.json'>asyncapi.json"
        f"</a>.</p>{''.join(sections)}<section><h2>Schemas</h2>"
        f"<pre tabindex='0'>{escape(schemas)}</pre></section></main></body></html>"
    )


def asyncapi_router() -> APIRouter:
    router = APIRouter(tags=["contracts"])

    @router.get("/asyncapi.json", summary="AsyncAPI 3 document of every event")
    async def asyncapi_json() -> dict[str, Any]:
        return _specification().to_jsonable()  # type: ignore[no-any-return]

    @router.get("/asyncapi", response_class=HTMLResponse, summary="AsyncAPI document as a page")
    async def asyncapi_page() -> str:
        return asyncapi_html(_specification().to_jsonable())

    return router
