"""What the use cases work with, built once in app.py and passed to every handler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from notify.adapters.contact_book import ContactBook
from notify.adapters.delivery_log import DeliveryLog
from notify.adapters.smtp_relay import SmtpRelay
from notify.adapters.ticket_memory import TicketMemory
from notify.adapters.whatsapp_cloud import WhatsAppCloud
from notify.domain.email_message import MailSender
from notify.domain.rendering import MessageRenderer
from notify.domain.retry import RetryPolicy
from notify.domain.whatsapp_templates import WhatsAppTemplates
from notify.notices import Wording


@dataclass(frozen=True)
class NotifyDependencies:
    deliveries: DeliveryLog
    tickets: TicketMemory
    contacts: ContactBook
    renderer: MessageRenderer
    sender: MailSender
    smtp: SmtpRelay
    whatsapp: WhatsAppCloud
    whatsapp_templates: WhatsAppTemplates
    wording: Wording
    retry_policy: RetryPolicy
    send_lease: timedelta
    outbox_ready: Callable[[], None]
    """Wakes the outbox relay after a write that queued notify.* events."""
