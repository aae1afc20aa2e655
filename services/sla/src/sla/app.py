"""Wiring of the sla service: runtime, stores, consumers, the deadline watcher and HTTP routes."""

from __future__ import annotations

import asyncio

from fastapi import FastAPI

from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from helpdesk_runtime.staff_directory import follow_staff_directory
from sla.adapters.clock_store import ClockStore
from sla.adapters.config_store import ConfigStore
from sla.adapters.staff_roster import StaffRoster
from sla.admin_api import admin_router
from sla.api import sla_router
from sla.clock_list_api import clock_list_router
from sla.configuration import ActiveConfig
from sla.consumers import register_consumers
from sla.detection_loop import DeadlineWatcher
from sla.problems import install_problem_handlers
from sla.service import SlaDependencies
from sla.settings import sla_settings


def build_app(base_settings: ServiceSettings) -> FastAPI:
    settings = sla_settings(base_settings)
    runtime = ServiceRuntime(service="sla", settings=settings)
    clocks, configs = ClockStore(runtime.db), ConfigStore(runtime.db)
    config = ActiveConfig.from_file(settings.config_path)
    relay = runtime.outbox_relay(clocks.collection)
    roster = StaffRoster(runtime.db)  # reads the copy follow_staff_directory keeps
    deadline_moved = asyncio.Event()
    deps = SlaDependencies(
        clocks=clocks,
        configs=configs,
        config=config,
        staff=roster,
        time=settings.service_clock,
        events_stored=relay.wake,
        deadlines_changed=deadline_moved.set,
    )
    watcher = DeadlineWatcher(deps, settings, wake_up=deadline_moved)

    async def load_stored_config() -> None:
        await config.refresh(configs)

    runtime.on_startup(clocks.ensure_indexes)
    runtime.on_startup(roster.ensure_indexes)
    runtime.on_startup(load_stored_config)
    register_consumers(runtime, deps)
    runtime.in_background(watcher.run)
    staff = follow_staff_directory(runtime)
    admin = admin_router(deps, staff=staff, on_replaced=watcher.config_replaced)
    routers = [sla_router(deps, staff=staff), clock_list_router(deps, staff=staff), admin]
    app = create_app(runtime, title="sla", description="Business-hours SLA clocks", routers=routers)
    install_problem_handlers(app)
    return app
