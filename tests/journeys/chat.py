"""A chat customer: a real WebSocket client on chat's /v1/chat/ws (protocol in
services/chat/src/chat/static/chat-protocol.md) that records every frame it receives."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import websockets

from services.chat.tests.chat_live import Client
from tests.support.processes import eventually_async

Frame = dict[str, Any]


class ChatCustomer(Client):
    """The chat service's own test client, with what a journey asks of the customer's screen."""

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
