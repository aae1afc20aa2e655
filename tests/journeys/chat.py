"""A chat customer: a real WebSocket client on chat's /v1/chat/ws (protocol in
services/chat/src/chat/static/chat-protocol.md) that records every frame it receives."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import websockets

from tests.support.processes import eventually_async

Frame = dict[str, Any]


class ChatCustomer:
    def __init__(self, connection: websockets.ClientConnection) -> None:
        self.connection = connection
        self.frames: list[Frame] = []
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for raw in self.connection:
                self.frames.append(json.loads(raw))

    async def send(self, **frame: Any) -> None:
        await self.connection.send(json.dumps(frame))

    def texts(self) -> list[str]:
        return [f["message"]["text"] for f in self.frames if f["type"] == "message"]

    async def shown(self, fragment: str, timeout: float = 60) -> str:
        """The first message shown to the customer that contains `fragment`."""

        async def found() -> str | None:
            return next((text for text in self.texts() if fragment in text), None)

        return await eventually_async(
            found, timeout=timeout, what=f"{fragment!r} shown; last: {self.texts()[-4:]}"
        )

    async def session(self) -> Frame:
        async def found() -> Frame | None:
            return next((f for f in self.frames if f["type"] == "session"), None)

        return await eventually_async(found, timeout=20, what="the session frame")

    async def close(self) -> None:
        await self.connection.close()
        await self._reader


@contextlib.asynccontextmanager
async def chat_customer(base_url: str, **start: Any) -> AsyncIterator[ChatCustomer]:
    url = base_url.replace("http://", "ws://") + "/v1/chat/ws"
    async with websockets.connect(url) as connection:
        customer = ChatCustomer(connection)
        await customer.send(type="start", **start)
        await customer.session()
        try:
            yield customer
        finally:
            await customer.close()
