"""Starting a service runtime inside the caller's event loop."""

from __future__ import annotations

from helpdesk_runtime.service import ServiceRuntime
from tests.support.processes import eventually_async


async def start_and_wait(runtime: ServiceRuntime, timeout: float = 60) -> ServiceRuntime:
    """Start `runtime` and return once its broker, consumers and relays run."""
    await runtime.start()

    async def started() -> bool:
        return runtime.started

    await eventually_async(started, timeout=timeout, what=f"{runtime.service} runtime started")
    return runtime
