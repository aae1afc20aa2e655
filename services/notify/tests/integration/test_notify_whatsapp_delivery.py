"""WhatsApp through a local server playing the Cloud API; preferences; the delivery log."""

from __future__ import annotations

from typing import Any

import pytest

from services.notify.tests.integration.notify_events import (
    agent_reply,
    created,
    delivery_status,
    next_ticket_number,
    snapshot,
    status_changed,
    whatsapp_received,
)
from services.notify.tests.integration.notify_world import NotifyWorld
from tests.support.processes import eventually_async

pytestmark = pytest.mark.integration


def whatsapp_number(ticket_number: int) -> str:
    return f"55119{ticket_number % 10**8:08d}"


async def sent_to(world: NotifyWorld, number: str, count: int) -> list[dict[str, Any]]:
    async def arrived() -> list[dict[str, Any]] | None:
        bodies = world.cloud.to(number)
        return bodies if len(bodies) >= count else None

    return await eventually_async(arrived, timeout=45, what=f"{count} WhatsApp messages")


async def delivery_on(
    world: NotifyWorld, ticket: int, channel: str, status: str, template: str | None = None
) -> dict[str, Any]:
    async def found() -> dict[str, Any] | None:
        for delivery in await world.deliveries(ticket):
            wanted = template is None or delivery["template"] == template
            if delivery["channel"] == channel and delivery["status"] == status and wanted:
                return delivery
        return None

    return await eventually_async(found, timeout=45, what=f"{channel} delivery {status}")


async def test_outside_the_24_hour_window_a_template_goes_out_and_inside_it_free_text(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    phone = whatsapp_number(number)
    ticket = snapshot(number, email=None, whatsapp_id=phone)

    await notify_world.publish(created(ticket))
    [template] = await sent_to(notify_world, phone, 1)
    await notify_world.settled()
    await notify_world.publish(whatsapp_received(phone))
    await notify_world.whatsapp_window_opened(phone)  # not only counted: written
    await notify_world.publish(status_changed(ticket, "open"))
    _, text = await sent_to(notify_world, phone, 2)

    assert template["type"] == "template"
    assert template["recipient_type"] == "individual"
    assert template["template"]["name"] == "ticket_opened_v2"
    assert template["template"]["language"] == {"code": "pt_BR"}
    [body] = template["template"]["components"]
    assert [p["text"] for p in body["parameters"]] == [str(number), "8"]
    assert text["type"] == "text"
    assert "Em andamento" in text["text"]["body"]
    assert str(number) in text["text"]["body"]
    assert all(r["path"].endswith("/messages") for r in notify_world.cloud.requests)


async def test_without_an_approved_template_outside_the_window_the_delivery_fails(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    ticket = snapshot(number, email=None, whatsapp_id=whatsapp_number(number))

    await notify_world.publish(agent_reply(ticket, "Pode reiniciar o aplicativo?"))

    failed = await delivery_on(notify_world, number, "whatsapp", "failed")
    assert failed["error_code"] == "whatsapp:template_missing"
    event = await notify_world.notify_event("notify.failed", failed["delivery_key"])
    assert event["payload"]["permanent"] is True


async def test_cloud_api_refusing_the_recipient_fails_the_delivery_for_good(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    phone = whatsapp_number(number)
    error = {"message": "Receiver is incapable of receiving this message", "code": 131026}
    notify_world.cloud.answer(phone, 400, {"error": error})

    await notify_world.publish(created(snapshot(number, email=None, whatsapp_id=phone)))

    failed = await delivery_on(notify_world, number, "whatsapp", "failed")
    assert failed["error_code"] == "whatsapp:131026"
    assert [a["outcome"] for a in failed["attempts"]] == ["permanent"]


async def test_status_callbacks_move_a_delivery_forward_only(notify_world: NotifyWorld) -> None:
    number = next_ticket_number()
    phone = whatsapp_number(number)
    await notify_world.publish(created(snapshot(number, email=None, whatsapp_id=phone)))
    sent = await delivery_on(notify_world, number, "whatsapp", "sent")
    wamid = sent["provider_message_id"]
    assert wamid.startswith("wamid.")

    await notify_world.publish(delivery_status(wamid, "read"))
    await delivery_on(notify_world, number, "whatsapp", "read")
    await notify_world.publish(delivery_status(wamid, "delivered"))
    await notify_world.settled()

    [delivery] = [d for d in await notify_world.deliveries(number) if d["channel"] == "whatsapp"]
    assert delivery["status"] == "read"
    assert [entry["status"] for entry in delivery["status_history"]] == ["sent", "read"]


async def test_a_status_with_our_callback_data_but_another_wamid_leaves_the_delivery_alone(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    phone = whatsapp_number(number)
    await notify_world.publish(created(snapshot(number, email=None, whatsapp_id=phone)))
    sent = await delivery_on(notify_world, number, "whatsapp", "sent")
    [body] = notify_world.cloud.to(phone)
    assert body["biz_opaque_callback_data"] == sent["delivery_key"]

    before = await notify_world.consumed()
    await notify_world.publish(delivery_status("wamid.someone-else", "read", sent["delivery_key"]))

    async def consumed() -> bool:
        return await notify_world.consumed() > before

    await eventually_async(consumed, timeout=45, what="the status consumed")

    [delivery] = [d for d in await notify_world.deliveries(number) if d["channel"] == "whatsapp"]
    assert (delivery["status"], delivery["provider_message_id"]) == (
        "sent",
        sent["provider_message_id"],
    )


async def test_a_contact_who_opted_out_of_email_hears_only_on_whatsapp(
    notify_world: NotifyWorld,
) -> None:
    number = next_ticket_number()
    phone, address = whatsapp_number(number), f"optout.{number}@example.com.br"
    contact = f"contact-{number}"
    answer = await notify_world.api.put(
        f"/v1/contacts/{contact}/preferences", json={"opted_out": ["email"]}
    )
    assert answer.status_code == 200
    assert answer.json()["opted_out"] == ["email"]

    await notify_world.publish(created(snapshot(number, email=address, whatsapp_id=phone)))
    await sent_to(notify_world, phone, 1)
    await notify_world.settled()

    assert notify_world.relay.to(address) == []
    skipped = await delivery_on(notify_world, number, "email", "skipped")
    assert skipped["skip_reason"] == "opted_out"


async def test_the_delivery_log_needs_a_staff_credential(notify_world: NotifyWorld) -> None:
    for headers in ({"Authorization": ""}, {"Authorization": "Bearer not-a-staff-token"}):
        answer = await notify_world.api.get(
            "/v1/deliveries", params={"ticket": "1"}, headers=headers
        )
        assert answer.status_code == 401
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["status"] == 401
