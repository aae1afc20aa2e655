"""Health endpoints: /health/live, /health/ready (503 with reasons) and /metrics."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aio_pika.abc import AbstractConnection
from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse, PlainTextResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest

from helpdesk_runtime.broker_nodes import connect_to_any_node

ReadinessCheck = Callable[[], Awaitable[list[str]]]


class QueueConsumersProbe:
    """Asks RabbitMQ, on a connection of its own, whether each of our queues has a consumer."""

    def __init__(self, amqp_url: str, queues: Callable[[], list[str]]) -> None:
        self._url = amqp_url
        self._queues = queues
        self._connection: AbstractConnection | None = None

    async def problems(self) -> list[str]:
        try:
            if self._connection is None or self._connection.is_closed:
                self._connection = await connect_to_any_node(self._url, timeout=2)
            channel = await self._connection.channel()
        except Exception as error:  # any connection failure means the broker is unreachable
            self._connection = None
            return [f"broker unreachable: {type(error).__name__}: {error}"[:300]]
        problems: list[str] = []
        try:
            for name in self._queues():
                declared = await channel.declare_queue(name, passive=True, timeout=2)
                count = declared.declaration_result.consumer_count
                if not count:
                    problems.append(f"queue {name} has no consumer")
        except Exception as error:  # a missing queue closes the channel: report and stop
            problems.append(f"queue check failed: {type(error).__name__}: {error}"[:300])
        finally:
            if not channel.is_closed:
                await channel.close()
        return problems

    async def close(self) -> None:
        if self._connection is not None and not self._connection.is_closed:
            await self._connection.close()


def health_router(*, service: str, ready: ReadinessCheck, registry: CollectorRegistry) -> APIRouter:
    """The three operator endpoints every service serves."""
    router = APIRouter(tags=["health"])

    @router.get("/health/live")
    async def live() -> dict[str, str]:
        return {"status": "live", "service": service}

    @router.get(
        "/health/ready",
        responses={503: {"description": "Not ready: `reasons` says why"}},
    )
    async def readiness() -> JSONResponse:
        problems = await ready()
        if problems:
            body = {"status": "not ready", "service": service, "reasons": problems}
            return JSONResponse(body, status_code=503)
        return JSONResponse({"status": "ready", "service": service})

    @router.get("/metrics", response_class=PlainTextResponse, summary="Prometheus text format")
    async def metrics() -> Response:
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return router
