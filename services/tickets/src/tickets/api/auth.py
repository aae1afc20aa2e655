"""Who is calling: staff by bearer token (with a role), customers by a signed token."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from tickets.adapters.staff_store import Credential
from tickets.app_errors import AppProblem
from tickets.customer_sign_in import signed_in_requester
from tickets.customer_tokens import CustomerTokens
from tickets.domain.agents import AgentRole
from tickets.domain.language import Localized
from tickets.domain.model import Actor, AuthorKind
from tickets.service import Dependencies

RANK = {role: rank for rank, role in enumerate(AgentRole)}
_bearer = HTTPBearer(auto_error=False)
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


class Unauthenticated(AppProblem):
    status = 401
    code = "unauthenticated"


class Forbidden(AppProblem):
    status = 403
    code = "forbidden"


UNAUTHENTICATED = Unauthenticated(
    Localized(
        "Envie um token válido em «Authorization: Bearer <token>».",
        "Send a valid token in «Authorization: Bearer <token>».",
    )
)


def dependencies(request: Request) -> Dependencies:
    deps: Dependencies = request.app.state.tickets
    return deps


def customer_tokens(request: Request) -> CustomerTokens:
    tokens: CustomerTokens = request.app.state.customer_tokens
    return tokens


Deps = Annotated[Dependencies, Depends(dependencies)]
Tokens = Annotated[CustomerTokens, Depends(customer_tokens)]


def staff(minimum: AgentRole = AgentRole.AGENT) -> Callable[..., Coroutine[Any, Any, Credential]]:
    """A dependency admitting staff whose role is at least `minimum`."""

    async def authenticate(deps: Deps, bearer: Bearer) -> Credential:
        if bearer is None:
            raise UNAUTHENTICATED
        credential = await deps.staff.credential(bearer.credentials)
        if credential is None:
            raise UNAUTHENTICATED
        if RANK[credential.role] < RANK[minimum]:
            raise Forbidden(
                Localized(
                    f"Esta ação exige o papel «{minimum.value}» ou superior.",
                    f"This action needs the «{minimum.value}» role or higher.",
                )
            )
        return credential

    return authenticate


async def customer(tokens: Tokens, deps: Deps, bearer: Bearer) -> str:
    """The contact id of the requester the customer token speaks for; a token issued before
    the contact was merged speaks for the contact it was merged into."""
    token = bearer.credentials if bearer else None
    requester_id = await signed_in_requester(deps, tokens, token)
    if requester_id is None:
        raise Unauthenticated(
            Localized(
                "Seu link de acesso é inválido ou expirou; peça um novo.",
                "Your access link is invalid or has expired; ask for a new one.",
            )
        )
    return requester_id


def agent_actor(credential: Credential) -> Actor:
    return Actor(kind=AuthorKind.AGENT, id=credential.agent_id)


Staff = Annotated[Credential, Depends(staff())]
Leader = Annotated[Credential, Depends(staff(AgentRole.LEADER))]
Manager = Annotated[Credential, Depends(staff(AgentRole.MANAGER))]
Customer = Annotated[str, Depends(customer)]
