"""The AsyncAPI document of the whole system, served by every service for integrators."""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from faststream.specification.asyncapi.site import get_asyncapi_html
from faststream.specification.base import Specification

from helpdesk_contracts.asyncapi import build_specification


@cache
def _specification() -> Specification:
    return build_specification()


def asyncapi_router() -> APIRouter:
    router = APIRouter(tags=["contracts"])

    @router.get("/asyncapi.json", summary="AsyncAPI 3 document of every event")
    async def asyncapi_json() -> dict[str, Any]:
        return _specification().to_jsonable()  # type: ignore[no-any-return]

    @router.get("/asyncapi", response_class=HTMLResponse, summary="AsyncAPI document as a page")
    async def asyncapi_page() -> str:
        return get_asyncapi_html(_specification())

    return router
