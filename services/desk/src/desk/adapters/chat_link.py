"""The analyst's chat desk talks to chat's agent WebSocket through this relay.

The browser opens `/desk/chat/ws` on the workspace itself (same origin: the CSP stays
`default-src 'self'`, the session cookie authenticates it); the workspace opens chat's
`/v1/agent/ws` with the session's staff token in the `Authorization` header. The token never
reaches the page's script, and chat keeps checking it (a revoked token closes both sockets).
Frames pass through unchanged both ways; chat validates every frame it receives.
"""

from __future__ import annotations

import asyncio
import contextlib

import structlog
from fastapi import WebSocket, WebSocketDisconnect
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus, WebSocketException

log = structlog.get_logger(__name__)
UNAUTHORIZED = 4401
TRY_AGAIN_LATER = 1013
MAX_FRAME = 64 * 1024
"""A page's frame is a short JSON object (a message is at most 4 000 characters)."""


def agent_socket_url(chat_url: str) -> str:
    return chat_url.replace("https://", "wss://", 1).replace("http://", "ws://", 1) + (
        "/v1/agent/ws"
    )


async def _page_to_chat(page: WebSocket, chat: ClientConnection) -> None:
    while True:
        text = await page.receive_text()
        if len(text) <= MAX_FRAME:
            await chat.send(text)


async def _chat_to_page(chat: ClientConnection, page: WebSocket) -> None:
    async for frame in chat:
        await page.send_text(frame if isinstance(frame, str) else frame.decode())


async def relay_agent_socket(page: WebSocket, *, chat_url: str, staff_token: str) -> None:
    """Join the accepted page socket to chat's agent socket until either side closes; chat's
    close code (4401: token no longer valid) reaches the page."""
    headers = {"Authorization": f"Bearer {staff_token}"}
    try:
        chat = await connect(
            agent_socket_url(chat_url), additional_headers=headers, max_size=2**20, open_timeout=10
        )
    except InvalidStatus as refused:
        status = refused.response.status_code
        await page.close(code=UNAUTHORIZED if status in (401, 403) else TRY_AGAIN_LATER)
        return
    except (OSError, TimeoutError, WebSocketException) as error:
        log.warning("chat's agent socket did not open", error=repr(error)[:300])
        await page.close(code=TRY_AGAIN_LATER)
        return
    async with chat:
        tasks = [
            asyncio.create_task(_page_to_chat(page, chat)),
            asyncio.create_task(_chat_to_page(chat, page)),
        ]
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(
                asyncio.CancelledError, ConnectionClosed, WebSocketDisconnect, RuntimeError
            ):
                await task
        # chat's own refusals (4xxx) pass on; any other end asks the page to connect again
        closed = chat.close_code
        code = closed if closed is not None and closed >= 4000 else TRY_AGAIN_LATER
    with contextlib.suppress(RuntimeError):
        await page.close(code=code)
