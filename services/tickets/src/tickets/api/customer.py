"""Customer API, "Meus chamados": a requester's own tickets and nothing else."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, EmailStr, Field

from helpdesk_runtime.input_guard import TicketNumber
from helpdesk_runtime.problem_details import problem_responses
from tickets import customer_actions as actions
from tickets import customer_sign_in as sign_in
from tickets.api.auth import Bearer, Customer, Deps, Tokens, Unauthenticated
from tickets.api.pagination import Cursor, Limit, ticket_page
from tickets.api.problems import language_of
from tickets.api.views import JSON, customer_detail, customer_summary
from tickets.domain.language import Localized

router = APIRouter(
    prefix="/v1/customer", tags=["customers (Meus chamados)"], responses=problem_responses(409)
)


class MagicLinkRequest(BaseModel):
    email: EmailStr


class MagicLinkAccepted(BaseModel):
    """The same answer whether or not the address is known."""

    status: str = Field(default="accepted", description="Always `accepted`")
    detail: str = Field(description="What happens next, in the caller's language")


class SessionRequest(BaseModel):
    code: Annotated[str, Field(min_length=1, max_length=200, description="From the link")]


class CommentRequest(BaseModel):
    text: Annotated[
        str,
        # pattern: at least one visible character; a comment of spaces tells the agent nothing
        Field(min_length=1, max_length=20_000, pattern=r"\S", description="Not only spaces"),
    ]


class RatingRequest(BaseModel):
    rating: int = Field(ge=1, le=5, description="1 (very unhappy) to 5 (very happy)")
    comment: str = Field(default="", max_length=2000)


@router.post("/magic-link", status_code=202, summary="Email me a sign-in link")
async def magic_link(request: Request, body: MagicLinkRequest, deps: Deps) -> MagicLinkAccepted:
    """Always 202, whether or not the address is known or was sent links too often, so
    addresses cannot be probed. The email is in the contact's language, else in the
    `Accept-Language` of this request (pt-BR by default)."""
    await sign_in.request_magic_link(
        deps, email=str(body.email), accept_language=language_of(request)
    )
    next_step = Localized(
        "Se este e-mail tiver chamados, um link de acesso chegará em instantes.",
        "If this address has tickets, a sign-in link is on its way.",
    )
    return MagicLinkAccepted(detail=next_step.in_language(language_of(request)))


@router.post(
    "/sessions",
    summary="Trade a magic link's code for my customer token",
    responses=problem_responses(401),
)
async def session(body: SessionRequest, deps: Deps, tokens: Tokens) -> JSON:
    """A link works once and only until it expires; the token then lasts
    `customer_token_max_age_s`."""
    token = await sign_in.redeem_magic_link(deps, tokens, code=body.code)
    if token is None:
        raise Unauthenticated(
            Localized(
                "Este link de acesso é inválido, expirou ou já foi usado; peça um novo.",
                "This sign-in link is invalid, has expired or was already used; ask for a new one.",
            )
        )
    return {"token": token, "token_type": "Bearer", "expires_in": tokens.max_age_s}


@router.delete(
    "/sessions/current", status_code=204, summary="Sign out: this token stops working now"
)
async def sign_out(tokens: Tokens, me: Customer, bearer: Bearer) -> Response:
    """The session ends on the server, so every copy of the token is refused from now on."""
    if bearer is not None:
        await tokens.revoke(bearer.credentials)
    return Response(status_code=204)


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
async def my_ticket(request: Request, number: TicketNumber, deps: Deps, me: Customer) -> JSON:
    record = await actions.own_ticket(deps, number, requester_id=me)
    target_status = await actions.merged_target_status(deps, record)
    return customer_detail(record, language_of(request), merged_target_status=target_status)


@router.post(
    "/tickets/{number}/comments",
    summary="Write on my ticket",
    description="On a resolved or closed ticket the desk's rule applies (default: the text "
    "opens a new ticket linked to it); the answer is the ticket that took the text.",
)
async def comment(
    request: Request, number: TicketNumber, body: CommentRequest, deps: Deps, me: Customer
) -> JSON:
    record = await actions.write_on_own_ticket(deps, number, body.text, requester_id=me)
    return customer_detail(record, language_of(request), merged_target_status=None)


@router.post("/tickets/{number}/resolve", summary="My problem is solved")
async def resolve(request: Request, number: TicketNumber, deps: Deps, me: Customer) -> JSON:
    record = await actions.change_own(deps, number, actions.resolution(me), requester_id=me)
    return customer_detail(record, language_of(request), merged_target_status=None)


@router.post("/tickets/{number}/rating", summary="Rate the service (CSAT 1–5) once resolved")
async def rate(
    request: Request, number: TicketNumber, body: RatingRequest, deps: Deps, me: Customer
) -> JSON:
    change = actions.rating(me, body.rating, body.comment)
    record = await actions.change_own(deps, number, change, requester_id=me)
    return customer_detail(record, language_of(request), merged_target_status=None)
