"""`GET /desk/events`: the signed-in analyst's stream of new tickets and customer messages."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import StreamingResponse

from desk.live import TicketFeed
from desk.session import DESK, Analyst

router = APIRouter(prefix=DESK, include_in_schema=False)


@router.get("/events")
async def events(request: Request, _: Analyst) -> StreamingResponse:
    feed: TicketFeed = request.app.state.ticket_feed
    return StreamingResponse(
        feed.stream(),
        media_type="text/event-stream",
        headers={"X-Accel-Buffering": "no"},  # nginx and alike pass each event at once
    )
