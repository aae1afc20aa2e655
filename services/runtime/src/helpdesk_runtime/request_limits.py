"""Counting a request body as it arrives: a chunked upload declares no Content-Length to check
beforehand, so the limit is enforced while streaming (intake's web form, tickets' uploads)."""

from __future__ import annotations

from fastapi import Request
from starlette.types import Message


class BodyTooLarge(Exception):
    """The body went past `limit` bytes; nothing beyond it was read."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"body exceeds {limit} bytes")
        self.limit = limit


def declared_too_large(request: Request, limit: int) -> bool:
    """Whether the Content-Length alone already says the body is too large."""
    declared = request.headers.get("content-length", "")
    return declared.isdigit() and int(declared) > limit


def within_limit(request: Request, limit: int) -> Request:
    """The same request, its body counted as it arrives; BodyTooLarge past `limit` bytes."""
    received = 0

    async def receive() -> Message:
        nonlocal received
        message = await request.receive()
        if message["type"] == "http.request":
            received += len(message.get("body", b""))
            if received > limit:
                raise BodyTooLarge(limit)
        return message

    return Request(request.scope, receive)
