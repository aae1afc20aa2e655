"""Out of the box, new tickets get a priority from the shipped rules, and say which rule chose."""

from __future__ import annotations

from typing import Any

from helpdesk_contracts.events.intake import FormDetails


async def test_email_saying_the_system_is_down_opens_a_p0_with_the_rule_on_its_history(
    tickets: Any,
) -> None:
    sent = await tickets.publish(
        subject="URGENTE", text="Bom dia, o sistema parado desde as 8h, ninguém consegue vender."
    )

    record = await tickets.ticket_holding(sent.payload.inbound_id)

    assert record.ticket.priority == "P0"
    _, token = await tickets.token()
    reply = await tickets.client.get(
        f"/v1/tickets/{record.number}", headers={"Authorization": f"Bearer {token}"}
    )
    history = reply.json()["history"]
    assert {"field": "priority", "new": "P0", "reason": "Sistema parado"}.items() <= (
        history[0].items()
    )


async def test_web_form_category_sets_the_priority_and_a_plain_question_stays_p3(
    tickets: Any,
) -> None:
    locked = await tickets.publish(
        channel="webform",
        form=FormDetails(category="acesso", subcategory="bloqueio"),
        subject="Bloqueado",
    )
    question = await tickets.publish(subject="Dúvida", text="Como emito a segunda via?")

    assert (await tickets.ticket_holding(locked.payload.inbound_id)).ticket.priority == "P1"
    plain = await tickets.ticket_holding(question.payload.inbound_id)
    assert plain.ticket.priority == "P3"
    assert plain.ticket.history == ()
