"""Pages: the chat widget, the WebSocket protocol and the knowledge-base articles it links to."""

from __future__ import annotations

from importlib.resources import files

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, PlainTextResponse

from chat.chat_app import ChatApp
from chat.domain.language import Language

router = APIRouter(tags=["pages"])
PROTOCOL_PATH = "/v1/chat/protocol"


def _static(name: str) -> str:
    return files("chat").joinpath("static", name).read_text(encoding="utf-8")


@router.get("/widget", response_class=HTMLResponse, summary="Minimal chat widget (no build step)")
async def widget() -> str:
    return _static("widget.html")


@router.get(
    PROTOCOL_PATH,
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {"schema": {"type": "string"}}}}},
    summary="The JSON message protocol of /v1/chat/ws and /v1/agent/ws (Markdown)",
)
async def protocol() -> PlainTextResponse:
    return PlainTextResponse(_static("chat-protocol.md"), media_type="text/markdown; charset=utf-8")


@router.get("/kb/{language}/{slug}", response_class=PlainTextResponse, summary="A help article")
async def article(request: Request, language: str, slug: str) -> PlainTextResponse:
    chat: ChatApp = request.app.state.chat
    try:
        wanted = Language(language)
    except ValueError:
        raise HTTPException(404, "no such language") from None
    for found in chat.articles.get(wanted, ()):
        if found.slug == slug:
            text = f"# {found.title}\n\n{found.body}\n"
            return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")
    raise HTTPException(404, "no such article")
