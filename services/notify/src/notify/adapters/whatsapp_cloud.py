"""Sending through the WhatsApp Cloud API (httpx): ``POST /<phone-number-id>/messages``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx

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

    async def send(self, body: dict[str, Any]) -> SendOutcome:
        """Accepted with the wamid, transient (429, 5xx, retryable codes, network) or permanent."""
        path = f"{self._config.phone_number_id}/messages"
        try:
            response = await self._client.post(path, json=body)
        except httpx.TransportError as failure:
            return connection_failure(f"{type(failure).__name__}: {failure}"[:300])
        return read_send_response(response.status_code, response.content)

    async def hold_until_cancelled(self) -> None:
        """Background task owning the client: it closes the connections at shutdown."""
        try:
            await asyncio.Event().wait()
        finally:
            await self._client.aclose()
