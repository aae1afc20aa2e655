"""Staff sign-in for the analysts' workspace: ask for a link by email, trade its code for a
bearer token, ask who a token speaks for, end the token (sign-out)."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from helpdesk_runtime.problem_details import problem_responses
from tickets import staff_sign_in as sign_in
from tickets.api.auth import Bearer, Deps, Staff, Unauthenticated
from tickets.api.customer import MagicLinkAccepted, MagicLinkRequest, SessionRequest
from tickets.api.problems import language_of
from tickets.api.staff import agent_view
from tickets.api.views import JSON
from tickets.domain.language import Localized

router = APIRouter(prefix="/v1/staff", tags=["staff sign-in (analysts' workspace)"])


@router.post("/sign-in", status_code=202, summary="Email me a link to the analysts' workspace")
async def ask_link(request: Request, body: MagicLinkRequest, deps: Deps) -> MagicLinkAccepted:
    """Always 202, whether or not the address is an active staff member's or was sent links too
    often, so addresses cannot be probed."""
    language = language_of(request)
    await sign_in.request_staff_link(deps, email=str(body.email), accept_language=language)
    next_step = Localized(
        "Se este e-mail for de alguém da equipe, um link de acesso chegará em instantes.",
        "If this address belongs to a staff member, a sign-in link is on its way.",
    )
    return MagicLinkAccepted(detail=next_step.in_language(language))


@router.post(
    "/sessions",
    summary="Trade a staff sign-in link's code for a bearer token",
    responses=problem_responses(401),
)
async def open_session(body: SessionRequest, deps: Deps) -> JSON:
    """A link works once and only until it expires; the token works until it is revoked
    (`DELETE /v1/staff/sessions/current`), like every staff token."""
    token = await sign_in.redeem_staff_link(deps, code=body.code)
    if token is None:
        raise Unauthenticated(
            Localized(
                "Este link de acesso é inválido, expirou ou já foi usado; peça um novo.",
                "This sign-in link is invalid, has expired or was already used; ask for a new one.",
            )
        )
    return {"token": token, "token_type": "Bearer"}


@router.get("/me", summary="The staff member this token speaks for", responses=problem_responses())
async def me(deps: Deps, who: Staff) -> JSON:
    agent = await deps.staff.agent(who.agent_id)
    if agent is None:  # a legacy token of a removed agent
        raise Unauthenticated(Localized("Token inválido.", "Invalid token."))
    return agent_view(agent)


@router.delete(
    "/sessions/current",
    status_code=204,
    summary="Sign out: this token stops working in every service",
    responses=problem_responses(),
)
async def end_session(deps: Deps, _: Staff, bearer: Bearer) -> Response:
    if bearer is not None:
        await sign_in.end_staff_session(deps, token=bearer.credentials)
    return Response(status_code=204)
