"""The background loop: sweep the due clocks, then sleep until the next deadline the sweep saw
(at most a few seconds, or until a write brings a deadline closer).

It also picks up a configuration another replica stored and recomputes open clocks on it, one
batch per turn so that detection keeps running during a large recompute.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

import structlog

from sla.deadline_sweep import SweepOutcome, sweep_due_clocks
from sla.detection import recompute_batch
from sla.service import SlaDependencies
from sla.settings import SlaSettings

log = structlog.get_logger(__name__)
RETRY_DUE_S = 0.5
"""Wall seconds before looking again at a due clock another replica holds or just changed."""


def replica_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


@dataclass
class DeadlineWatcher:
    deps: SlaDependencies
    settings: SlaSettings
    wake_up: asyncio.Event = field(default_factory=asyncio.Event)
    """Set when a deadline may have come closer: look now rather than at the planned time."""
    owner: str = field(default_factory=replica_name)
    _stale_clocks: bool = True

    def config_replaced(self) -> None:
        self._stale_clocks = True
        self.wake_up.set()

    async def turn(self) -> float:
        """One pass; returns the wall seconds to wait before the next one."""
        settings, deps = self.settings, self.deps
        if await deps.config.refresh(deps.configs):
            self._stale_clocks = True
        more_to_recompute = False
        if self._stale_clocks:
            read, complete = await recompute_batch(deps, size=settings.recompute_batch)
            more_to_recompute = read == settings.recompute_batch or not complete
            self._stale_clocks = more_to_recompute
        lease = timedelta(seconds=settings.lease_s * settings.clock_speed)  # in service time
        swept = await sweep_due_clocks(
            deps, owner=self.owner, lease=lease, batch=settings.detection_batch
        )
        if more_to_recompute:
            return 0.0
        return self._wait_s(swept)

    def _wait_s(self, swept: SweepOutcome) -> float:
        longest = self.settings.detection_max_wait_s
        if swept.left_due:
            return min(longest, RETRY_DUE_S)
        wait = self.deps.time.seconds_until(swept.look_again_at)
        return min(longest, wait if wait > 0 else RETRY_DUE_S)

    async def run(self) -> None:
        """Watch deadlines until cancelled; an outage is logged and retried."""
        while True:
            self.wake_up.clear()
            try:
                wait = await self.turn()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # database or broker outage: nothing was half-stored
                log.warning("deadline watch paused", error=repr(error)[:300])
                wait = self.settings.detection_max_wait_s
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake_up.wait(), timeout=wait)
