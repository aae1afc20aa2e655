"""`GET /v1/clocks?state=at_risk|breached`: the open tickets whose SLA is at risk or breached.

Staff only, like every sla route. A page of clocks from two indexed ranges (`clock_lists.py`),
each shown with the running target nearest its due time: business minutes left or overdue,
due time in the calendar's zone, escalation level, assignee and group.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import AwareDatetime, BaseModel, Field

from helpdesk_runtime.staff_access import staff_access
from helpdesk_runtime.staff_directory import StaffDirectory
from sla.adapters.clock_lists import BadListCursor, ClockState, ListPosition
from sla.adapters.clock_store import StoredClock
from sla.api_views import local
from sla.domain.clock_summary import summarize
from sla.domain.clock_timing import clock_calendar
from sla.domain.policy import EscalationLevel, Priority, SlaTarget, TicketStatus
from sla.problems import Problem
from sla.service import SlaDependencies


class ClockListItem(BaseModel):
    ticket_number: int
    priority: Priority
    status: TicketStatus
    category: str | None
    target: SlaTarget = Field(description="The running target nearest its due time")
    due_at: AwareDatetime = Field(description="In the calendar's time zone")
    business_minutes_left: int = Field(description="Negative when overdue")
    business_minutes_overdue: int = Field(description="0 unless overdue")
    escalation_level: EscalationLevel | None
    assignee_id: str | None
    assignee_name: str | None
    group: str | None


class ClockList(BaseModel):
    items: list[ClockListItem]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page")


def list_item(stored: StoredClock, deps: SlaDependencies) -> ClockListItem | None:
    """The clock as a list line; None when no target runs any more (changed meanwhile)."""
    policy = deps.config.policy
    summary = summarize(stored.clock, deps.time.now(), policy)
    running = [t for t in summary.targets if t.running and t.met_at is None and t.due_at]
    if not running:
        return None
    nearest = min(running, key=lambda target: target.business_minutes_left)
    assignee = stored.assignee or {}
    due_at = local(nearest.due_at, clock_calendar(stored.clock, policy).zone)
    assert due_at is not None
    return ClockListItem(
        ticket_number=summary.ticket_number,
        priority=summary.priority,
        status=summary.status,
        category=stored.clock.category,
        target=nearest.target,
        due_at=due_at,
        business_minutes_left=nearest.business_minutes_left,
        business_minutes_overdue=max(0, -nearest.business_minutes_left),
        escalation_level=summary.escalation_level,
        assignee_id=assignee.get("id"),
        assignee_name=assignee.get("name"),
        group=stored.group,
    )


def clock_list_router(deps: SlaDependencies, *, staff: StaffDirectory) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["sla"], dependencies=[Depends(staff_access(staff))])

    @router.get("/clocks", response_model=ClockList)
    async def clocks(
        state: Annotated[ClockState, Query(description="at_risk: little time left; breached")],
        limit: Annotated[int, Query(ge=1, le=200)] = 50,
        cursor: Annotated[str | None, Query(max_length=100)] = None,
    ) -> ClockList:
        """Open tickets whose running SLA target is at risk (less than the configured share
        of its time left) or breached, least time left or longest overdue first."""
        try:
            after = ListPosition.parse(cursor) if cursor else None
        except BadListCursor:
            raise Problem(
                422,
                ("Cursor inválido", "Invalid cursor"),
                ("Use o next_cursor da página anterior.", "Use the previous page's next_cursor."),
                [{"field": "query.cursor", "message": "unknown cursor"}],
            ) from None
        now = deps.time.now()
        found = await deps.clocks.in_state(state, now=now, limit=limit + 1, after=after)
        page = found[:limit]
        items = [item for stored, _ in page if (item := list_item(stored, deps))]
        next_cursor = None
        if len(found) > limit:
            last, due = page[-1]
            next_cursor = ListPosition(due, last.clock.ticket_number).cursor()
        return ClockList(items=items, next_cursor=next_cursor)

    return router
