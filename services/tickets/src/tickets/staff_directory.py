"""The staff directory the other services keep (sla, notify, chat check staff tokens on it).

Each change of an agent is announced by the store with the change itself; here every agent is
announced again when tickets starts and whenever a service asks (a service deployed later, or
one whose copy was lost). Consumers keep the highest revision, so repeats change nothing.
"""

from __future__ import annotations

from typing import Any

import structlog

from helpdesk_contracts.envelope import Envelope
from helpdesk_contracts.events.staff import StaffDirectoryRequested
from helpdesk_runtime.service import ServiceRuntime
from tickets.adapters.staff_store import StaffStore

log = structlog.get_logger(__name__)


def announce_staff_directory(runtime: ServiceRuntime, staff: StaffStore) -> None:
    async def announce_everyone() -> None:
        count = await staff.republish_directory()
        log.info("staff directory announced", agents=count)

    async def on_request(envelope: Envelope[Any]) -> None:
        request: StaffDirectoryRequested = envelope.payload
        log.info("staff directory requested", service=request.service)
        await announce_everyone()

    runtime.on_startup(announce_everyone)
    runtime.subscribe_events("staff-directory-requests", {StaffDirectoryRequested: on_request})
