"""The chat desk (`/desk/chat`): the queue of waiting chats, the analyst's conversations, files.

The page's script (static/chat.js) speaks chat's agent protocol through the workspace's own
WebSocket, `/desk/chat/ws` (adapters/chat_link.py); files go up and down through the workspace
too, with the session's staff token, so the page never holds a credential other than its
HttpOnly cookie and the session's CSRF token.
"""

from __future__ import annotations

import hmac
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Header, Request, Response, UploadFile, WebSocket
from fastapi.responses import JSONResponse

from desk.adapters.chat_link import UNAUTHORIZED, relay_agent_socket
from desk.adapters.sessions import StaffSession
from desk.pages.render import render
from desk.session import COOKIE, DESK, Analyst, Desk, ForgedForm, Visitor, Workspace
from desk.texts import texts

router = APIRouter(prefix=DESK, include_in_schema=False)
UPLOAD_LIMIT = 10 * 1024 * 1024 + 64 * 1024
"""chat's own limit (10 MB) plus the multipart envelope: chat answers 413 past its limit."""
PASSED_HEADERS = ("content-type", "content-disposition", "content-length")


@router.get("/chat")
async def chat_page(request: Request, visit: Visitor, desk: Desk, analyst: Analyst) -> Response:
    token, language = analyst.staff_token, visit.language
    agents = await desk.apis.tickets("GET", "/v1/agents", token=token, language=language)
    groups = await desk.apis.tickets("GET", "/v1/groups", token=token, language=language)
    t = texts(language)
    words = {name.removeprefix("chat_"): t[name] for name in t if name.startswith("chat_")}
    return render(
        request,
        visit,
        "chat.html",
        colleagues=[a for a in agents["items"] if a["id"] != analyst.agent_id and a["active"]],
        groups=groups["items"],
        words=words,
    )


async def _socket_analyst(websocket: WebSocket, desk: Workspace) -> StaffSession | None:
    """The signed-in analyst of a socket opened by one of the workspace's own pages."""
    origin = websocket.headers.get("origin") or ""
    own_hosts = {websocket.headers.get("host"), urlsplit(desk.settings.public_url).netloc}
    session_id = websocket.cookies.get(COOKIE)
    if urlsplit(origin).netloc not in own_hosts or not session_id:
        return None
    return await desk.sessions.find(session_id)


@router.websocket("/chat/ws")
async def chat_socket(websocket: WebSocket) -> None:
    desk: Workspace = websocket.app.state.workspace
    analyst = await _socket_analyst(websocket, desk)
    await websocket.accept()  # then closed at once when refused: the page sees the code
    if analyst is None:  # another site's page, or no session: nothing is read or relayed
        await websocket.close(code=UNAUTHORIZED)
        return
    await relay_agent_socket(
        websocket, chat_url=desk.settings.chat_url, staff_token=analyst.staff_token
    )


def _check_script_call(visit: Visitor, analyst: StaffSession, csrf: str) -> None:
    """The page's script sends the session's CSRF token in a header (another site cannot)."""
    if visit.cross_origin or not hmac.compare_digest(analyst.csrf_token.encode(), csrf.encode()):
        raise ForgedForm


@router.post("/chat/files")
async def upload_file(
    visit: Visitor,
    desk: Desk,
    analyst: Analyst,
    file: UploadFile,
    session_id: str,
    x_csrf_token: Annotated[str, Header(max_length=100)] = "",
) -> Response:
    """The file goes to chat for the conversation `session_id`; chat's answer (the attachment
    reference, or its refusal with the reason) comes back to the page as it is."""
    _check_script_call(visit, analyst, x_csrf_token)
    content = await file.read(UPLOAD_LIMIT + 1)
    if len(content) > UPLOAD_LIMIT:
        return JSONResponse({"detail": texts(visit.language)["chat_too_large"]}, status_code=413)
    answer = await desk.apis.chat_file(
        "POST",
        "/v1/chat/attachments",
        token=analyst.staff_token,
        params={"session_id": session_id[:100]},
        files={"file": (file.filename or "file", content, file.content_type)},
        language=visit.language,
    )
    return Response(answer.content, status_code=answer.status_code, media_type="application/json")


@router.get("/chat/files/{attachment_id}")
async def download_file(desk: Desk, analyst: Analyst, attachment_id: str) -> Response:
    answer = await desk.apis.chat_file(
        "GET", f"/v1/chat/attachments/{attachment_id[:100]}", token=analyst.staff_token
    )
    headers = {k: v for k, v in answer.headers.items() if k.lower() in PASSED_HEADERS}
    if answer.status_code != 200:
        headers = {"content-type": "text/plain; charset=utf-8"}
    return Response(answer.content, status_code=answer.status_code, headers=headers)
