"""Wiring of the notify service: runtime, adapters, consumers and HTTP routes."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI

from helpdesk_calendar.config import load_business_calendar
from helpdesk_runtime.app import create_app
from helpdesk_runtime.service import ServiceRuntime
from helpdesk_runtime.settings import ServiceSettings
from helpdesk_runtime.staff_access import staff_access
from helpdesk_runtime.staff_directory import follow_staff_directory
from notify.adapters.contact_book import ContactBook
from notify.adapters.delivery_log import DeliveryLog
from notify.adapters.reminder_book import ReminderBook
from notify.adapters.smtp_relay import SmtpRelay, SmtpRelayConfig
from notify.adapters.ticket_memory import TicketMemory
from notify.adapters.whatsapp_cloud import WhatsAppCloud, WhatsAppCloudConfig
from notify.api import notify_router
from notify.consumers import register_consumers
from notify.dependencies import NotifyDependencies
from notify.domain.email_message import MailSender
from notify.domain.kinds import NotificationKind
from notify.domain.rendering import MessageRenderer
from notify.domain.retry import RetryPolicy
from notify.domain.whatsapp_templates import WhatsAppTemplates
from notify.notices import Wording
from notify.problems import Problem, problem_response
from notify.reminders import ReminderTimer, run_reminders
from notify.settings import NotifySettings


def retry_policy_for(settings: ServiceSettings) -> RetryPolicy:
    """Attempts match the broker's delay tiers: the last redelivery fails the delivery itself
    (notify.failed) instead of dead-lettering the event. The broker's tiers set the timing."""
    delays = [timedelta(seconds=s) for s in settings.retry_delays_s] or [timedelta(seconds=1)]
    return RetryPolicy(
        first_delay=delays[0], max_delay=max(delays), max_attempts=len(settings.retry_delays_s) + 1
    )


def build_dependencies(runtime: ServiceRuntime, settings: NotifySettings) -> NotifyDependencies:
    deliveries = DeliveryLog(runtime.db["deliveries"])
    relay = runtime.outbox_relay(deliveries.collection)
    whatsapp = WhatsAppCloud(
        WhatsAppCloudConfig(
            base_url=settings.whatsapp_base_url,
            phone_number_id=settings.whatsapp_phone_number_id,
            token=settings.whatsapp_token,
            timeout_s=settings.whatsapp_timeout_s,
        )
    )
    runtime.in_background(whatsapp.hold_until_cancelled)
    return NotifyDependencies(
        deliveries=deliveries,
        tickets=TicketMemory(runtime.db["tickets"]),
        contacts=ContactBook(runtime.db["contact_preferences"], runtime.db["whatsapp_windows"]),
        renderer=MessageRenderer(brand=settings.brand, portal_url=settings.customer_portal_url),
        sender=MailSender(
            display_name=settings.mail_from_name,
            local_part=settings.mail_local_part,
            domain=settings.mail_domain,
            message_id_domain=settings.message_id_domain,
        ),
        smtp=SmtpRelay(
            SmtpRelayConfig(
                host=settings.smtp_host,
                port=settings.smtp_port,
                starttls=settings.smtp_starttls,
                implicit_tls=settings.smtp_implicit_tls,
                username=settings.smtp_username,
                password=settings.smtp_password,
                timeout_s=settings.smtp_timeout_s,
            )
        ),
        whatsapp=whatsapp,
        whatsapp_templates=WhatsAppTemplates(
            names={
                NotificationKind(kind): name for kind, name in settings.whatsapp_templates.items()
            }
        ),
        wording=Wording(
            first_response_hours=settings.first_response_hours,
            csat_url_template=settings.rating_url_template,
            time_zone=settings.time_zone,
            team_name=f"Equipe {settings.brand}",
        ),
        retry_policy=retry_policy_for(settings),
        send_lease=timedelta(seconds=settings.send_lease_s),
        outbox_ready=relay.wake,
    )


def build_reminder_timer(runtime: ServiceRuntime, settings: NotifySettings) -> ReminderTimer:
    return ReminderTimer(
        book=ReminderBook(runtime.db["pending_reminders"]),
        calendar=load_business_calendar(settings.calendar_file, settings.calendar_name),
        business_days=settings.reminder_business_days,
        clock=settings.service_clock(),
        lease=timedelta(seconds=settings.reminder_lease_s),
        poll_s=settings.reminder_poll_s,
    )


def build_app(settings: ServiceSettings) -> FastAPI:
    if not isinstance(settings, NotifySettings):
        settings = NotifySettings.model_validate(settings.model_dump())
    runtime = ServiceRuntime(service="notify", settings=settings)
    deps = build_dependencies(runtime, settings)
    timer = build_reminder_timer(runtime, settings)
    runtime.on_startup(deps.deliveries.ensure_indexes)
    runtime.on_startup(timer.book.ensure_indexes)
    register_consumers(runtime, deps, timer)

    async def remind() -> None:
        await run_reminders(timer, deps)

    runtime.in_background(remind)
    router = notify_router(deps, staff_access(follow_staff_directory(runtime)))
    app = create_app(runtime, title="notify", routers=[router])
    app.add_exception_handler(Problem, problem_response)
    return app
