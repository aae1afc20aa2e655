"""Email updates through a real SMTP relay: the ticket's thread, exactly once, retries, failures."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any

import pytest

from helpdesk_contracts.events import customers
from services.notify.tests.integration.notify_events import (
    AGENT,
    LEADER,
    agent_reply,
    created,
    next_ticket_number,
    sla_breached,
    sla_escalated,
    snapshot,
    status_changed,
    wrap,
)
from services.notify.tests.integration.notify_world import NotifyWorld
from tests.support.processes import eventually_async

pytestmark = pytest.mark.integration


async def mail_to(world: NotifyWorld, address: str, count: int) -> list[EmailMessage]:
    async def arrived() -> list[EmailMessage] | None:
        messages = world.relay.to(address)
        return messages if len(messages) >= count else None

    return await eventually_async(arrived, timeout=45, what=f"{count} messages to {address}")


async def mail_about(world: NotifyWorld, address: str, number: int) -> list[EmailMessage]:
    """The messages to `address` about ticket `number`, once there is one."""

    async def arrived() -> list[EmailMessage] | None:
        return [m for m in world.relay.to(address) if f"[#{number}]" in m["Subject"]] or None

    return await eventually_async(arrived, timeout=45, what=f"mail to {address} about {number}")


async def email_deliveries(world: NotifyWorld, number: int) -> list[dict[str, Any]]:
    return [d for d in await world.deliveries(number) if d["channel"] == "email"]


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return str(part.get_content())


async def test_a_tickets_life_reaches_the_requester_as_one_mail_thread(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    address = f"maria.{number}@example.com.br"
    ticket = snapshot(number, email=address)

    pending = ticket.model_copy(update={"status": "pending"})
    life = [
        created(ticket),
        agent_reply(ticket, "Olá Maria,\n\nRedefina a senha pelo link."),
        status_changed(ticket, "pending"),
        status_changed(pending, "resolved"),
    ]
    for step, event in enumerate(life, start=1):
        await notify_world.publish(event)
        await mail_to(notify_world, address, step)
        await notify_world.settled()  # each step happens after the previous mail is recorded
    opened, reply, asked, resolved = await mail_to(notify_world, address, 4)

    ids = [str(m["Message-ID"]) for m in (opened, reply, asked, resolved)]
    assert len(set(ids)) == 4
    assert all(mid.startswith("<notify.") and mid.endswith("@acme.com.br>") for mid in ids)
    assert opened["In-Reply-To"] is None
    assert reply["In-Reply-To"] == ids[0]
    assert reply["References"] == ids[0]
    assert asked["In-Reply-To"] == ids[1]
    assert asked["References"] == " ".join(ids[:2])
    assert resolved["In-Reply-To"] == ids[2]
    assert resolved["References"] == " ".join(ids[:3])
    for message in (opened, reply, asked, resolved):
        assert message["Subject"].startswith(f"[#{number}] ")
        assert message["Reply-To"] == f"suporte+tk{number}@acme.com.br"
        assert "Nunca pedimos sua senha" in body_text(message)
        assert message.get_body(preferencelist=("html",)) is not None
    assert f"protocolo {number}" in body_text(opened)
    assert "Redefina a senha pelo link." in body_text(reply)
    assert reply["Auto-Submitted"] is None
    assert opened["Auto-Submitted"] == "auto-generated"
    assert f"/meus-chamados/{number}/avaliar?token=tk{number}" in body_text(resolved)
    assert all("/meus-chamados" in body_text(m) for m in (opened, reply, asked, resolved))


async def test_an_event_delivered_three_times_sends_one_message(notify_world: NotifyWorld) -> None:
    number = next_ticket_number()
    address = f"dup.{number}@example.com.br"
    event = created(snapshot(number, email=address))
    for _ in range(3):
        await notify_world.publish(event)
    await notify_world.settled()

    assert len(notify_world.relay.to(address)) == 1
    [delivery] = await email_deliveries(notify_world, number)
    assert delivery["status"] == "sent"
    assert len(delivery["attempts"]) == 1


async def test_relay_refusing_twice_with_451_then_accepting_sends_exactly_one(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    address = f"busy.{number}@example.com.br"
    notify_world.relay.refuse(address, "451 4.3.0 Try again later", "451 4.3.0 Try again later")

    await notify_world.publish(created(snapshot(number, email=address)))
    [message] = await mail_to(notify_world, address, 1)

    [delivery] = await eventually_async(
        lambda: _with_status(notify_world, number, "sent"), timeout=45, what="sent delivery"
    )
    assert [a["outcome"] for a in delivery["attempts"]] == ["transient", "transient", "accepted"]
    assert [a["error_code"] for a in delivery["attempts"][:2]] == ["smtp:451", "smtp:451"]
    delivered = await notify_world.notify_event("notify.delivered", delivery["delivery_key"])
    assert delivered["payload"]["provider_message_id"] == str(message["Message-ID"])
    assert len(notify_world.relay.to(address)) == 1


async def test_relay_refusing_with_550_fails_the_delivery_and_says_so(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    address = f"gone.{number}@example.com.br"
    notify_world.relay.refuse(address, "550 5.1.1 Mailbox does not exist")

    await notify_world.publish(created(snapshot(number, email=address)))

    deliveries = await eventually_async(
        lambda: _with_status(notify_world, number, "failed"), timeout=45, what="failed delivery"
    )
    [delivery] = deliveries
    assert delivery["error_code"] == "smtp:550"
    assert [a["outcome"] for a in delivery["attempts"]] == ["permanent"]
    failed = await notify_world.notify_event("notify.failed", delivery["delivery_key"])
    assert failed["payload"]["permanent"] is True
    assert failed["payload"]["ticket_number"] == number
    assert failed["payload"]["error_code"] == "smtp:550"
    assert notify_world.relay.to(address) == []


async def test_sla_breach_is_mailed_to_the_staff_named_in_the_event(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    await notify_world.publish(created(snapshot(number)))
    await notify_world.publish(sla_breached(number, staff=(LEADER,)))

    [message, *_] = [
        m
        for m in await mail_to(notify_world, LEADER.email or "", 1)
        if f"[#{number}]" in m["Subject"]
    ]
    assert message["Reply-To"] is None
    assert "Não consigo acessar minha conta" in message["Subject"]
    assert "primeira resposta" in body_text(message)


async def test_an_escalation_to_the_leader_is_mailed_to_the_leader_sla_names(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    await notify_world.publish(created(snapshot(number)))
    await notify_world.publish(sla_escalated(number, level="leader", staff=(AGENT, LEADER)))

    for person in (LEADER, AGENT):
        [message] = await mail_about(notify_world, person.email or "", number)
        assert "Chamado escalado para líder (P1)" in message["Subject"]
        assert "foi escalado para líder" in body_text(message)


async def test_sign_in_link_is_mailed_once_to_the_address_asked_for(
    notify_world: NotifyWorld,
) -> None:
    address = f"login.{next_ticket_number()}@example.com.br"
    link = "https://suporte.acme.com.br/meus-chamados?code=only-once"
    event = wrap(
        customers.CustomerMagicLinkRequested(
            contact_id="c-login",
            email=address,
            language="en",
            link=link,
            expires_at=datetime.now(UTC) + timedelta(minutes=15),
        )
    )
    await notify_world.publish(event)
    await notify_world.publish(event)  # redelivered
    await notify_world.settled()

    [message] = await mail_to(notify_world, address, 1)
    assert message["Subject"] == "Your sign-in link to My tickets — Acme"
    assert message["Reply-To"] is None
    assert link in body_text(message)
    key = f"{event.event_id}/email/c-login"
    delivered = await notify_world.notify_event("notify.delivered", key)
    assert delivered["payload"]["template"] == "magic_link"
    assert delivered["payload"]["ticket_number"] is None


async def _with_status(world: NotifyWorld, number: int, status: str) -> list[dict[str, Any]]:
    deliveries = await email_deliveries(world, number)
    return deliveries if deliveries and deliveries[0]["status"] == status else []
