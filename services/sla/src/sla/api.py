"""HTTP API: a ticket's SLA, the calendars and policies, and a business-time preview.

Staff only (any role): ticket numbers are sequential, so an open route would let anyone walk
every ticket's deadlines and escalation level."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from helpdesk_calendar.business_time import add_business_minutes
from helpdesk_runtime.input_guard import TicketNumber
from helpdesk_runtime.staff_access import staff_access
from helpdesk_runtime.staff_directory import StaffDirectory
from sla.api_views import BusinessTimePreview, TicketSlaView, local, ticket_sla_view
from sla.problems import Problem
from sla.service import SlaDependencies

MAX_PREVIEW_MINUTES = 10 * 365 * 24 * 60


def sla_router(deps: SlaDependencies, *, staff: StaffDirectory) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["sla"], dependencies=[Depends(staff_access(staff))])

    @router.get("/tickets/{number}/sla", response_model=TicketSlaView)
    async def ticket_sla(number: TicketNumber) -> TicketSlaView:
        """Targets, due times, business minutes left or overdue, pause and escalation level."""
        stored = await deps.clocks.get(number)
        if stored is None:
            raise Problem(
                404,
                ("Chamado sem SLA", "No SLA for this ticket"),
                (
                    f"O chamado {number} não tem relógio de SLA.",
                    f"Ticket {number} has no SLA clock.",
                ),
            )
        return ticket_sla_view(stored.clock, deps.time.now(), deps.config.policy)

    @router.get("/calendars")
    async def calendars() -> dict[str, Any]:
        """The business calendars in force (time zone, opening slots, holidays, closed dates)."""
        configured = deps.config.config.calendars
        items = [{"name": name, **c.model_dump(mode="json")} for name, c in configured.items()]
        return {"items": items, "next_cursor": None}

    @router.get("/policies")
    async def policies() -> dict[str, Any]:
        """Targets per priority, warning fractions, the escalation ladder and on-hold pausing."""
        config = deps.config.config.model_dump(mode="json")
        items = [{"priority": p, **targets} for p, targets in config.pop("policies").items()]
        config.pop("calendars")
        return {"items": items, "next_cursor": None, **config}

    @router.get("/calendars/{name}/add", response_model=BusinessTimePreview)
    async def add_minutes(
        name: str,
        start: Annotated[datetime, Query(description="ISO 8601; without offset: local time")],
        minutes: Annotated[float, Query(ge=0, le=MAX_PREVIEW_MINUTES)],
    ) -> BusinessTimePreview:
        """When `minutes` business minutes after `start` fall on calendar `name`."""
        calendar = deps.config.policy.calendars.get(name)
        if calendar is None:
            raise Problem(
                404,
                ("Calendário desconhecido", "Unknown calendar"),
                (f"Não há calendário chamado {name!r}.", f"There is no calendar named {name!r}."),
            )
        zone = calendar.zone
        start = start.replace(tzinfo=zone) if start.tzinfo is None else start
        result = add_business_minutes(calendar, start, minutes)
        return BusinessTimePreview(
            calendar=name,
            timezone=calendar.timezone,
            start=start.astimezone(zone),
            minutes=minutes,
            result=local(result, zone) or result,
        )

    return router
