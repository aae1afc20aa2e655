"""The analysts' workspace with the services behind it, as real processes of one isolated run:
tickets (whose staff sign-in links point at this desk), sla, notify (relaying to `relay_port`),
desk itself, and any `extra` services (intake for the web form)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.journeys.mail import SUPPORT_DOMAIN
from tests.support.isolation import IsolatedRun
from tests.support.processes import ServiceProcess, free_port, services_running

FAST = {"HELPDESK_OUTBOX_POLL_S": "0.2"}


@contextmanager
def desk_services(
    run: IsolatedRun,
    logs: Path,
    relay_port: int,
    *,
    extra: tuple[str, ...] = (),
    settings: dict[str, dict[str, str]] | None = None,
) -> Iterator[dict[str, ServiceProcess]]:
    """Every process started and ready; stopped afterwards. `settings` adds environment
    variables per service (e.g. chat's calendar, sla's configuration)."""
    desk_port = free_port()
    desk_url = f"http://127.0.0.1:{desk_port}"
    links = {"HELPDESK_STAFF_DESK_URL": f"{desk_url}/desk/sign-in/enter"}
    tickets = ServiceProcess("tickets", run.environment(**FAST, **links), logs)
    sla = ServiceProcess("sla", run.environment(**FAST), logs)
    mail = {"HELPDESK_SMTP_HOST": "127.0.0.1", "HELPDESK_SMTP_PORT": str(relay_port)}
    notify = ServiceProcess(
        "notify", run.environment(**FAST, **mail, HELPDESK_MAIL_DOMAIN=SUPPORT_DOMAIN), logs
    )
    apis = {"HELPDESK_TICKETS_URL": tickets.url, "HELPDESK_SLA_URL": sla.url}
    desk = ServiceProcess(
        "desk", run.environment(**apis, HELPDESK_PUBLIC_URL=desk_url), logs, port=desk_port
    )
    processes = {"tickets": tickets, "sla": sla, "notify": notify, "desk": desk}
    processes |= {name: ServiceProcess(name, run.environment(**FAST), logs) for name in extra}
    if "chat" in processes:
        desk.environment["HELPDESK_CHAT_URL"] = processes["chat"].url
    for name, more in (settings or {}).items():
        processes[name].environment.update(more)
    with services_running(processes, logs):
        yield processes
