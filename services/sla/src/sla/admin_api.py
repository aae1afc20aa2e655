"""Replacing the calendars and policies over the API: staff with the admin role only (a token
from `python -m tickets.admin issue-token`, checked on sla's copy of the staff directory)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends
from pydantic import ValidationError

from helpdesk_runtime.staff_access import staff_access
from helpdesk_runtime.staff_directory import StaffDirectory
from sla.domain.sla_config import SlaConfig
from sla.problems import invalid_config
from sla.service import SlaDependencies


def admin_router(
    deps: SlaDependencies, *, staff: StaffDirectory, on_replaced: Callable[[], None]
) -> APIRouter:
    router = APIRouter(prefix="/v1", tags=["sla administration"])

    @router.put("/config", dependencies=[Depends(staff_access(staff, "admin"))])
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
