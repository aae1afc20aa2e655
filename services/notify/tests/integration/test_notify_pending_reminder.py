"""A pending ticket reminds its requester once after N business days, unless answered first.

The service runs on a fast clock (as the sla service's tests do) over the round-the-clock
calendar: one business day passes in a few seconds, and the events carry that clock's times.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest

from helpdesk_calendar.service_clock import ServiceClock
from services.notify.tests.integration.conftest import running_notify
from services.notify.tests.integration.notify_events import (
    next_ticket_number,
    snapshot,
    status_changed,
)
from services.notify.tests.integration.notify_world import NotifyWorld
from services.notify.tests.integration.test_notify_email_delivery import body_text, mail_to
from tests.support.infrastructure import Infrastructure

pytestmark = pytest.mark.integration

BUSINESS_DAY_REAL_S = 6.0
"""Wall-clock seconds one round-the-clock business day takes: room to answer before it ends."""

REMINDER_SUBJECT = "Lembrete: aguardamos sua resposta"


@dataclass
class FastWorld:
    world: NotifyWorld
    clock: ServiceClock

    async def goes_pending(self, number: int, address: str) -> None:
        """The agent asks the customer (version 2, at the service's now); the ask is mailed."""
        ticket = snapshot(number, email=address, status="open", version=1)
        ticket = ticket.model_copy(update={"updated_at": self.clock.now(), "version": 2})
        await self.world.publish(status_changed(ticket, "pending"))
        await mail_to(self.world, address, 1)


@pytest.fixture(scope="module")
async def fast_world(infrastructure: Infrastructure) -> AsyncIterator[FastWorld]:
    clock = ServiceClock(speed=24 * 3600 / BUSINESS_DAY_REAL_S, epoch=datetime.now(UTC))
    async with running_notify(
        infrastructure,
        calendar_name="24x7",
        reminder_business_days=1,
        reminder_poll_s=1.0,
        clock_speed=clock.speed,
        clock_epoch=clock.epoch,
    ) as world:
        yield FastWorld(world, clock)


def reminders(messages: list[EmailMessage]) -> list[EmailMessage]:
    return [m for m in messages if REMINDER_SUBJECT in body_text(m)]


async def test_a_pending_ticket_reminds_its_requester_once_after_the_business_days(
    fast_world: FastWorld,
) -> None:
    number = next_ticket_number()
    address = f"pending.{number}@example.com.br"
    await fast_world.goes_pending(number, address)

    asked, reminded = await mail_to(fast_world.world, address, 2)

    assert reminders([asked]) == []
    assert REMINDER_SUBJECT in body_text(reminded)
    assert reminded["Subject"] == asked["Subject"]  # one thread: [#N] and the ticket's subject
    assert reminded["In-Reply-To"] == asked["Message-ID"]
    assert reminded["Reply-To"] == f"suporte+tk{number}@acme.com.br"
    assert "há 1 dia útil" in body_text(reminded)
    # A later ticket's reminder being sent means the loop went past this one's again.
    later = next_ticket_number()
    await fast_world.goes_pending(later, f"pending.{later}@example.com.br")
    await mail_to(fast_world.world, f"pending.{later}@example.com.br", 2)
    assert len(reminders(fast_world.world.relay.to(address))) == 1
    sent = [d for d in await fast_world.world.deliveries(number) if d["status"] == "sent"]
    assert [d["template"] for d in sent] == ["reply_requested", "pending_reminder"]


async def test_a_ticket_answered_before_the_business_days_end_sends_no_reminder(
    fast_world: FastWorld,
) -> None:
    number = next_ticket_number()
    address = f"answered.{number}@example.com.br"
    await fast_world.goes_pending(number, address)
    pending = snapshot(number, email=address, status="pending", version=3)
    await fast_world.world.publish(status_changed(pending, "open"))
    await mail_to(fast_world.world, address, 2)  # "your ticket is open again"

    control = next_ticket_number()
    await fast_world.goes_pending(control, f"control.{control}@example.com.br")
    await mail_to(fast_world.world, f"control.{control}@example.com.br", 2)

    assert reminders(fast_world.world.relay.to(address)) == []


async def test_a_reopening_that_overtakes_the_pending_event_still_sends_no_reminder(
    fast_world: FastWorld,
) -> None:
    number = next_ticket_number()
    address = f"overtaken.{number}@example.com.br"
    pending = snapshot(number, email=address, status="pending", version=3)
    await fast_world.world.publish(status_changed(pending, "open"))
    await mail_to(fast_world.world, address, 1)
    await fast_world.goes_pending(number, address)  # the older version 2 arrives late

    control = next_ticket_number()
    await fast_world.goes_pending(control, f"control.{control}@example.com.br")
    await mail_to(fast_world.world, f"control.{control}@example.com.br", 2)

    assert reminders(fast_world.world.relay.to(address)) == []
