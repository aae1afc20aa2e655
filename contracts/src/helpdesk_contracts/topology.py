"""Exchanges and queues: who consumes which events.

One topic exchange carries every event; each consumer has its own durable quorum queue
`<service>.<purpose>` whose poison messages end in the service's dead-letter queue.
"""

from __future__ import annotations

from dataclasses import dataclass

EVENTS_EXCHANGE = "helpdesk.events"
INBOUND_EXCHANGE = "helpdesk.inbound"
DEAD_LETTER_EXCHANGE = "helpdesk.dlx"


@dataclass(frozen=True)
class Subscription:
    """One consumer queue: the service that owns it, what for, and the routing keys it binds."""

    service: str
    purpose: str
    bindings: tuple[str, ...]
    exchange: str = EVENTS_EXCHANGE

    @property
    def queue(self) -> str:
        return f"{self.service}.{self.purpose}"


SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("intake", "raw-inbound", ("inbound.#",), exchange=INBOUND_EXCHANGE),
    Subscription("intake", "chat-transcripts", ("chat.session_ended.v1",)),
    Subscription("intake", "ticket-created", ("ticket.created.v1", "ticket.inbound_failed.v1")),
    Subscription("intake", "ticket-comments", ("ticket.comment_added.v1",)),
    Subscription("tickets", "intake-messages", ("intake.message.received.v1",)),
    Subscription("tickets", "staff-directory-requests", ("staff.directory_requested.v1",)),
    Subscription("sla", "ticket-events", ("ticket.*.v1",)),
    Subscription("chat", "ticket-events", ("ticket.status_changed.v1", "ticket.created.v1")),
    # Services that accept staff tokens keep their own copy of tickets' staff directory.
    Subscription("intake", "staff-directory", ("staff.member_updated.v1",)),
    Subscription("chat", "staff-directory", ("staff.member_updated.v1",)),
    Subscription("sla", "staff-directory", ("staff.member_updated.v1",)),
    Subscription("notify", "staff-directory", ("staff.member_updated.v1",)),
    # The analysts' workspace announces new tickets and customer messages on open pages, and
    # refreshes open lists and ticket pages when a ticket changes.
    Subscription(
        "desk",
        "ticket-events",
        (
            "ticket.created.v1",
            "ticket.comment_added.v1",
            "ticket.updated.v1",
            "ticket.status_changed.v1",
            "ticket.assigned.v1",
            "ticket.priority_changed.v1",
            "ticket.merged.v1",
        ),
    ),
    # Its leader view keeps the day's breaches and escalations and the ratings (CSAT); a chat
    # joining the queue is announced on every open page.
    Subscription(
        "desk",
        "team-events",
        (
            "sla.breached.v1",
            "sla.escalated.v1",
            "ticket.csat_received.v1",
            "chat.session_ended.v1",
            "chat.handoff_requested.v1",
        ),
    ),
    Subscription(
        "notify",
        "events",
        (
            "ticket.*.v1",
            "sla.*.v1",
            "chat.*.v1",
            "intake.delivery_status.v1",
            "intake.message.received.v1",
            "customer.magic_link_requested.v1",
            "staff.sign_in_link_requested.v1",
            "customer.email_code_requested.v1",
        ),
    ),
)


def subscription(service: str, purpose: str) -> Subscription:
    """The declared subscription of `service` for `purpose`."""
    for item in SUBSCRIPTIONS:
        if item.service == service and item.purpose == purpose:
            return item
    raise KeyError(f"{service}.{purpose} is not a declared subscription")


def dead_letter_queue(service: str) -> str:
    """Where a service's rejected and exhausted messages wait for an operator."""
    return f"{service}.dlq"


@dataclass(frozen=True)
class Namespace:
    """A prefix for every exchange and queue name, so that test runs never share a queue."""

    prefix: str = ""

    def name(self, base: str) -> str:
        return f"{self.prefix}{base}"
