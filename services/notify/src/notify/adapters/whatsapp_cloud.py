"""Sending through the WhatsApp Cloud API (httpx): ``POST /<phone-number-id>/messages``.

The request body's last byte goes out only once the hand-over is stored (see
`notify.domain.hand_over`): the API acts on a request only when its body is complete."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import httpx

from notify.domain.hand_over import HandOver, HandOverRefused, not_handed_over
from notify.domain.outcomes import SendOutcome, connection_failure
from notify.domain.whatsapp_response import read_send_response


@dataclass(frozen=True)
class WhatsAppCloudConfig:
    base_url: str
    phone_number_id: str
    token: str
    timeout_s: float = 15.0


class WhatsAppCloud:
    """A long-lived HTTP client (connections are reused) for one business phone number."""

    def __init__(self, config: WhatsAppCloudConfig) -> None:
        self._config = config
        self._client = httpx.AsyncClient(
            base_url=config.base_url.rstrip("/") + "/",
            timeout=config.timeout_s,
            headers={"Authorization": f"Bearer {config.token}"},
        )

    async def send(self, body: dict[str, Any], *, hand_over: HandOver) -> SendOutcome:
        """Accepted with the wamid, transient (429, 5xx, retryable codes, network, hand-over not
        stored) or permanent."""
        path = f"{self._config.phone_number_id}/messages"
        payload = json.dumps(body, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json", "Content-Length": str(len(payload))}
        try:
            response = await self._client.post(
                path, content=_last_byte_after(hand_over, payload), headers=headers
            )
        except HandOverRefused as refused:
            return not_handed_over(str(refused))
        except httpx.TransportError as failure:
            return connection_failure(f"{type(failure).__name__}: {failure}"[:300])
        return read_send_response(response.status_code, response.content)

    async def hold_until_cancelled(self) -> None:
        """Background task owning the client: it closes the connections at shutdown."""
        try:
            await asyncio.Event().wait()
        finally:
            await self._client.aclose()


async def _last_byte_after(hand_over: HandOver, payload: bytes) -> AsyncIterator[bytes]:
    yield payload[:-1]
    await hand_over()
    yield payload[-1:]
