"""The FastAPI application of a service: lifespan starts and stops its runtime."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from fastapi import APIRouter, Depends, FastAPI

from helpdesk_runtime.api_problems import install_problem_answers
from helpdesk_runtime.docs import asyncapi_router, install_offline_docs
from helpdesk_runtime.health import health_router
from helpdesk_runtime.input_guard import refuse_nul_characters
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.staff_access import install_staff_access_problems


def create_app(
    runtime: ServiceRuntime,
    *,
    title: str,
    description: str = "",
    routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """An app whose lifespan owns the runtime; health endpoints come with it. Every error is
    answered as problem+json and documented so (helpdesk_runtime.api_problems); a NUL character
    in a path, query or JSON body is refused with a 422 on every route (input_guard)."""

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await runtime.start()
        try:
            yield
        finally:
            await runtime.stop()

    app = FastAPI(
        title=title,
        description=description,
        version="1.0.0",
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul_characters)],
        docs_url=None,  # served offline by install_offline_docs
        redoc_url=None,
    )
    install_offline_docs(app)
    app.state.runtime = runtime
    install_problem_answers(app)
    install_staff_access_problems(app)
    app.include_router(
        health_router(
            service=runtime.service, ready=runtime.readiness_problems, registry=runtime.registry
        )
    )
    app.include_router(asyncapi_router())
    for router in routers:
        app.include_router(router)
    return app
