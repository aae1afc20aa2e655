"""Replacing the calendars and policies over the API (admin credential).

Interim credential: the tickets service issues role-carrying staff tokens in parallel work; until
its verifier is shared, this endpoint accepts the bearer tokens listed in
``HELPDESK_ADMIN_TOKENS`` (comma-separated), compared in constant time. With none configured,
every replacement is refused.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from pydantic import ValidationError

from sla.domain.sla_config import SlaConfig
from sla.problems import Problem, invalid_config
from sla.service import SlaDependencies


def admin_verifier(tokens: tuple[str, ...]) -> Callable[[Request], Awaitable[None]]:
    accepted = [token.encode() for token in tokens]

    async def verify(request: Request) -> None:
        scheme, _, credential = request.headers.get("authorization", "").partition(" ")
        offered = credential.strip().encode()
        matches = [hmac.compare_digest(offered, token) for token in accepted]
        if scheme.lower() != "bearer" or not offered or not any(matches):
            raise Problem(
                401,
                ("Não autorizado", "Unauthorized"),
                (
                    "Credencial de administrador ausente ou inválida.",
                    "Missing or invalid admin credential.",
                ),
            )

    return verify


def admin_router(
    deps: SlaDependencies, *, tokens: tuple[str, ...], on_replaced: Callable[[], None]
) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["sla administration"])

    @router.put("/config", dependencies=[Depends(admin_verifier(tokens))])
    async def replace_config(
        body: Annotated[dict[str, Any], Body(description="calendars, policies, ladder …")],
    ) -> dict[str, Any]:
        """Replace calendars and policies; open clocks are recomputed in the background.

        Fields left out take their default values (see GET /v1/calendars and /v1/policies).
        """
        try:
            config = SlaConfig.model_validate(body)
        except ValidationError as error:
            raise invalid_config(error) from None
        stored = await deps.configs.replace(config, at=deps.time.now())
        deps.config.use(stored)
        on_replaced()
        return {"version": stored.version, **config.model_dump(mode="json")}

    return router
