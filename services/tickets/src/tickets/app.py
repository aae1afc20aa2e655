"""Wiring of the tickets service: runtime, consumers and HTTP routes."""

from __future__ import annotations

from fastapi import FastAPI

from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings


def build_app(settings: ServiceSettings) -> FastAPI:
    runtime = ServiceRuntime(service="tickets", settings=settings)
    return create_app(runtime, title="tickets")
