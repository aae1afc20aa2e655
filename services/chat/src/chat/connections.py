"""The sockets connected to this replica and what each has been sent.

Each socket writes its frames from one queue, in order. A socket watching a conversation keeps
the last seq it was sent; a relayed message that skips ahead is completed from MongoDB first
(messages are stored before they are relayed), and one already sent is dropped, so every
socket sees every message once and in seq order whichever replica stored it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import defaultdict
from typing import Any, Literal

from fastapi import WebSocket

from chat.adapters.conversation_store import ConversationStore
from chat.adapters.relay import ChatRelay, session_key


class Outbound:
    """A WebSocket's outgoing frames, written in order by one task."""

    def __init__(self, websocket: WebSocket) -> None:
        self._websocket = websocket
        self._frames: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._writer = asyncio.create_task(self._write())

    def send(self, frame: dict[str, Any]) -> None:
        self._frames.put_nowait(frame)

    async def _write(self) -> None:
        while True:
            frame = await self._frames.get()
            try:
                await self._websocket.send_json(frame)
            except Exception:  # the socket went away: the reader side cleans up
                return

    async def close(self) -> None:
        self._writer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._writer


Side = Literal["customer", "agent"]
TYPING_EVERY_S = 1.0
"""A socket's typing signals closer together than this are dropped (clients send one per 2 s)."""


class SessionView:
    """One socket's view of one conversation, from the customer's or an agent's side."""

    def __init__(
        self, session_id: str, outbound: Outbound, *, delivered: int = 0, side: Side = "customer"
    ) -> None:
        self.session_id = session_id
        self.outbound = outbound
        self.delivered = delivered
        self.side = side
        self.lock = asyncio.Lock()
        self.typed_at = float("-inf")


class SessionViews:
    """Which sockets here watch which conversation, fed by the relay."""

    def __init__(self, store: ConversationStore, relay: ChatRelay) -> None:
        self._store = store
        self._relay = relay
        self._views: defaultdict[str, set[SessionView]] = defaultdict(set)

    async def watch(self, view: SessionView) -> None:
        """Start relaying the conversation to the socket, after sending what it has missed."""
        self._views[view.session_id].add(view)
        await self._relay.bind(session_key(view.session_id))
        await self._catch_up(view, [])

    async def unwatch(self, view: SessionView) -> None:
        views = self._views.get(view.session_id)
        if views is None or view not in views:
            return
        views.discard(view)
        if not views:
            del self._views[view.session_id]
        await self._relay.unbind(session_key(view.session_id))

    async def relayed(self, session_id: str, messages: list[dict[str, Any]]) -> None:
        for view in list(self._views.get(session_id, ())):
            await self._catch_up(view, messages)

    async def signal_typing(self, view: SessionView, *, name: str | None) -> None:
        """Tell the other side's sockets, on any replica, that this side is typing (not stored)."""
        now = time.monotonic()
        if now - view.typed_at < TYPING_EVERY_S:
            return
        view.typed_at = now
        body = {"kind": "typing", "session_id": view.session_id, "who": view.side, "name": name}
        await self._relay.publish(session_key(view.session_id), body)

    def typing_relayed(self, session_id: str, who: str, name: str | None) -> None:
        for view in self._views.get(session_id, ()):
            if view.side == "customer" and who == "agent":
                view.outbound.send({"type": "typing", "who": "agent", "name": name})
            elif view.side == "agent" and who == "customer":
                frame = {"type": "typing", "session_id": session_id, "who": "customer"}
                view.outbound.send(frame)

    async def _catch_up(self, view: SessionView, messages: list[dict[str, Any]]) -> None:
        async with view.lock:
            if not messages or messages[0]["seq"] > view.delivered + 1:
                stored = await self._store.messages(view.session_id, after=view.delivered)
                messages = [item.frame() for item in stored]
            for message in messages:
                if message["seq"] == view.delivered + 1:
                    view.outbound.send(
                        {"type": "message", "session_id": view.session_id, "message": message}
                    )
                    view.delivered = message["seq"]
