"""Wiring of the sla service: runtime, consumers and HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from sla.consumers import register_consumers


def build_app(settings: ServiceSettings) -> FastAPI:
    runtime = ServiceRuntime(service="sla", settings=settings)
    register_consumers(runtime)
    return create_app(runtime, title="sla")
