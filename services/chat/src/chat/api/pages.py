"""Pages: the chat widget and the WebSocket protocol (help articles: help_pages.py)."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

router = APIRouter(tags=["pages"])
PROTOCOL_PATH = "/v1/chat/protocol"


def _static(name: str) -> str:
    return files("chat").joinpath("static", name).read_text(encoding="utf-8")


@router.get("/widget", response_class=HTMLResponse, summary="Minimal chat widget (no build step)")
async def widget() -> str:
    return _static("widget.html")


@router.get("/widget.js", summary="Launcher: the chat on any page with one <script> tag")
async def launcher() -> Response:
    return Response(
        _static("widget.js"),
        media_type="text/javascript; charset=utf-8",
        headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
    )


@router.get(
    PROTOCOL_PATH,
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
    summary="The JSON message protocol of /v1/chat/ws and /v1/agent/ws (Markdown)",
)
async def protocol() -> PlainTextResponse:
    return PlainTextResponse(_static("chat-protocol.md"), media_type="text/markdown; charset=utf-8")
