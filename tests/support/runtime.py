"""Starting a service runtime inside the caller's event loop."""

from __future__ import annotations

import asyncio
from typing import Any

from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.service import ServiceRuntime
from tests.support.processes import eventually_async


async def start_and_wait(runtime: ServiceRuntime, timeout: float = 60) -> ServiceRuntime:
    """Start `runtime` and return once its broker, consumers and relays run."""
    await runtime.start()

    async def started() -> bool:
        return runtime.started

    await eventually_async(started, timeout=timeout, what=f"{runtime.service} runtime started")
    return runtime


class HeldHandler:
    """An event handler that, once a delivery reaches it, waits until the test releases it."""

    def __init__(self) -> None:
        self.entered = asyncio.Event()
        self.release = asyncio.Event()
        self.applied: list[str] = []

    async def __call__(self, envelope: Envelope[Any]) -> None:
        self.entered.set()
        await self.release.wait()
        self.applied.append(str(envelope.event_id))
