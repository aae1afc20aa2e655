"""Customer API, "Meus chamados": a requester's own tickets and nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, EmailStr, Field

from tickets import customer_actions as actions
from tickets.api.auth import Customer, Deps, Tokens
from tickets.api.pagination import Cursor, Limit, ticket_page
from tickets.api.problems import language_of
from tickets.api.views import JSON, customer_detail, customer_summary

router = APIRouter(prefix="/v1/customer", tags=["customers (Meus chamados)"])


class MagicLinkRequest(BaseModel):
    email: EmailStr


class CommentRequest(BaseModel):
    text: Annotated[str, Field(min_length=1, max_length=20_000)]


class RatingRequest(BaseModel):
    rating: int = Field(ge=1, le=5, description="1 (very unhappy) to 5 (very happy)")
    comment: str = Field(default="", max_length=2000)


@router.post("/magic-link", status_code=202, summary="Email me a sign-in link")
async def magic_link(body: MagicLinkRequest, deps: Deps, tokens: Tokens) -> Response:
    """Always 202, whether or not the address is known, so addresses cannot be probed."""
    await actions.request_magic_link(deps, tokens, email=str(body.email))
    return Response(status_code=202)


@router.get("/tickets", summary="My tickets, newest first")
async def my_tickets(
    request: Request, deps: Deps, me: Customer, limit: Limit = 20, cursor: Cursor = None
) -> JSON:
    page, next_cursor = await ticket_page(
        deps.tickets, {"requester_id": me}, limit=limit, cursor=cursor
    )
    language = language_of(request)
    return {
        "items": [customer_summary(r.ticket, language) for r in page],
        "next_cursor": next_cursor,
    }


@router.get("/tickets/{number}", summary="One of my tickets with its public conversation")
async def my_ticket(request: Request, number: int, deps: Deps, me: Customer) -> JSON:
    record = await actions.own_ticket(deps, number, requester_id=me)
    target_status = await actions.merged_target_status(deps, record)
    return customer_detail(record, language_of(request), merged_target_status=target_status)


@router.post("/tickets/{number}/comments", summary="Write on my ticket (new, open, pending)")
async def comment(
    request: Request, number: int, body: CommentRequest, deps: Deps, me: Customer
) -> JSON:
    change = actions.customer_comment(me, body.text)
    record = await actions.change_own(deps, number, change, requester_id=me)
    return customer_detail(record, language_of(request), merged_target_status=None)


@router.post("/tickets/{number}/resolve", summary="My problem is solved")
async def resolve(request: Request, number: int, deps: Deps, me: Customer) -> JSON:
    record = await actions.change_own(deps, number, actions.resolution(me), requester_id=me)
    return customer_detail(record, language_of(request), merged_target_status=None)


@router.post("/tickets/{number}/rating", summary="Rate the service (CSAT 1–5) once resolved")
async def rate(
    request: Request, number: int, body: RatingRequest, deps: Deps, me: Customer
) -> JSON:
    change = actions.rating(me, body.rating, body.comment)
    record = await actions.change_own(deps, number, change, requester_id=me)
    return customer_detail(record, language_of(request), merged_target_status=None)
