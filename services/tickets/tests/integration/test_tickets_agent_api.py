"""The agent API: authentication and roles, listing, reading, replying, notes, field changes,
transitions, version conflicts, merge, phone tickets, agents, groups and round-robin."""

from __future__ import annotations

import uuid
from typing import Any

from tickets.domain.agents import AgentRole

PROBLEM = "application/problem+json"


async def opened_ticket(tickets: Any, **fields: Any) -> Any:
    sent = await tickets.publish(**fields)
    return await tickets.ticket_holding(sent.payload.inbound_id)


async def test_requests_without_a_valid_token_get_401_problem(tickets: Any) -> None:
    missing = await tickets.client.get("/v1/tickets")
    forged = await tickets.client.get("/v1/tickets", headers={"Authorization": "Bearer nope"})

    assert missing.status_code == forged.status_code == 401
    assert missing.headers["content-type"].startswith(PROBLEM)


async def test_agent_cannot_create_agents_but_manager_can(tickets: Any, bearer: Any) -> None:
    _, agent_token = await tickets.token(AgentRole.AGENT)
    _, manager_token = await tickets.token(AgentRole.MANAGER)
    body = {"name": "Nova Atendente", "role": "agent"}

    refused = await tickets.client.post("/v1/agents", json=body, headers=bearer(agent_token))
    created = await tickets.client.post("/v1/agents", json=body, headers=bearer(manager_token))

    assert refused.status_code == 403
    assert created.status_code == 201
    assert created.json()["name"] == "Nova Atendente"


async def test_get_ticket_shows_comments_history_and_both_status_names(
    tickets: Any, bearer: Any
) -> None:
    record = await opened_ticket(tickets)
    _, token = await tickets.token()

    pt = await tickets.client.get(f"/v1/tickets/{record.number}", headers=bearer(token))
    en = await tickets.client.get(
        f"/v1/tickets/{record.number}", headers={**bearer(token), "Accept-Language": "en-US"}
    )

    assert pt.status_code == 200
    assert pt.json()["status"] == {
        "code": "new",
        "label": "Em espera",
        "labels": {"pt-BR": "Em espera", "en": "New"},
    }
    assert en.json()["status"]["label"] == "New"
    assert [c["text"] for c in pt.json()["comments"]] == ["O boleto de março não chegou."]


async def test_reply_opens_ticket_sets_first_response_and_publishes(
    tickets: Any, bearer: Any
) -> None:
    record = await opened_ticket(tickets)
    _, token = await tickets.token()

    answer = await tickets.client.post(
        f"/v1/tickets/{record.number}/replies",
        json={"text": "Reenviamos o boleto.", "status": "pending"},
        headers=bearer(token),
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["status"]["code"] == "pending"
    assert body["first_response_at"] is not None
    events = await tickets.events_for(record.number, minimum=4)
    added = [e for e in events if e["type"] == "ticket.comment_added"][-1]
    assert added["payload"]["first_response"] is True
    assert added["payload"]["comment"]["public"] is True


async def test_internal_note_is_staff_only_and_allowed_when_closed(
    tickets: Any, bearer: Any
) -> None:
    record = await opened_ticket(tickets)
    _, token = await tickets.token()
    headers = bearer(token)
    for status in ("resolved", "closed"):
        moved = await tickets.client.patch(
            f"/v1/tickets/{record.number}", json={"status": status}, headers=headers
        )
        assert moved.status_code == 200

    noted = await tickets.client.post(
        f"/v1/tickets/{record.number}/notes", json={"text": "Cliente ligou."}, headers=headers
    )

    assert noted.status_code == 200
    assert noted.json()["comments"][-1]["public"] is False


async def test_every_valid_transition_is_accepted(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    path = ["open", "pending", "open", "on_hold", "open", "resolved", "open", "resolved", "closed"]
    record = await opened_ticket(tickets)

    for status in path:
        moved = await tickets.client.patch(
            f"/v1/tickets/{record.number}", json={"status": status}, headers=bearer(token)
        )
        assert moved.status_code == 200, (status, moved.json())
        assert moved.json()["status"]["code"] == status
    history = await tickets.client.get(f"/v1/tickets/{record.number}", headers=bearer(token))
    statuses = [h["new"] for h in history.json()["history"] if h["field"] == "status"]
    assert statuses == path


async def test_invalid_transitions_are_409_with_the_reason(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    record = await opened_ticket(tickets)
    headers = {**bearer(token), "Accept-Language": "en"}
    url = f"/v1/tickets/{record.number}"

    to_closed = await tickets.client.patch(url, json={"status": "closed"}, headers=headers)
    await tickets.client.patch(url, json={"status": "open"}, headers=headers)
    back_to_new = await tickets.client.patch(url, json={"status": "new"}, headers=headers)
    to_merged = await tickets.client.patch(url, json={"status": "merged"}, headers=headers)

    assert to_closed.status_code == back_to_new.status_code == to_merged.status_code == 409
    assert to_closed.json()["title"] == "Only a resolved ticket can be closed."
    assert to_closed.json()["code"] == "invalid_status_transition"
    assert "New" in back_to_new.json()["title"]
    assert to_closed.headers["content-type"].startswith(PROBLEM)


async def test_stale_version_is_409_conflict(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    record = await opened_ticket(tickets)
    url = f"/v1/tickets/{record.number}"
    seen = record.ticket.version

    first = await tickets.client.patch(
        url, json={"priority": "P1", "version": seen}, headers=bearer(token)
    )
    second = await tickets.client.patch(
        url, json={"priority": "P0", "version": seen}, headers=bearer(token)
    )

    assert first.status_code == 200
    assert second.status_code == 409
    assert second.json()["code"] == "version_conflict"
    assert "versão" in second.json()["title"]


async def test_bad_fields_are_422_listing_each(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    record = await opened_ticket(tickets)

    answer = await tickets.client.patch(
        f"/v1/tickets/{record.number}",
        json={"priority": "P9", "status": "sleeping"},
        headers=bearer(token),
    )

    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert fields == {"body.priority", "body.status"}


async def test_priority_group_assignee_and_tags_change_with_events(
    tickets: Any, bearer: Any
) -> None:
    agent_id, token = await tickets.token()
    group = f"g{uuid.uuid4().hex[:6]}"
    await tickets.deps.staff.add_group(group_id=group, name="Financeiro", round_robin=False)
    record = await opened_ticket(tickets)

    changed = await tickets.client.patch(
        f"/v1/tickets/{record.number}",
        json={"priority": "P1", "group_id": group, "assignee_id": agent_id, "tags": ["Boleto"]},
        headers=bearer(token),
    )

    body = changed.json()
    assert (body["priority"], body["group_id"], body["assignee_id"], body["tags"]) == (
        "P1",
        group,
        agent_id,
        ["boleto"],
    )
    events = await tickets.events_for(record.number, minimum=5)
    kinds = {e["type"] for e in events}
    assert {"ticket.priority_changed", "ticket.updated", "ticket.assigned"} <= kinds
    assigned = next(e for e in events if e["type"] == "ticket.assigned")
    assert assigned["payload"]["to_assignee"]["id"] == agent_id


async def test_unknown_ticket_is_404(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()

    answer = await tickets.client.get("/v1/tickets/99999999", headers=bearer(token))

    assert answer.status_code == 404
    assert answer.json()["title"] == "Chamado nº 99999999 não encontrado."


async def test_list_filters_and_cursor_pagination(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    marker = uuid.uuid4().hex[:8]
    numbers = [
        (await opened_ticket(tickets, subject=f"Fatura {marker} {i}")).number for i in range(3)
    ]

    first = await tickets.client.get(
        "/v1/tickets", params={"q": marker.upper(), "limit": 2}, headers=bearer(token)
    )
    second = await tickets.client.get(
        "/v1/tickets",
        params={"q": marker, "limit": 2, "cursor": first.json()["next_cursor"]},
        headers=bearer(token),
    )
    by_status = await tickets.client.get(
        "/v1/tickets", params={"q": marker, "status": "open"}, headers=bearer(token)
    )

    assert [t["number"] for t in first.json()["items"]] == numbers[::-1][:2]
    assert [t["number"] for t in second.json()["items"]] == numbers[:1]
    assert second.json()["next_cursor"] is None
    assert by_status.json()["items"] == []


async def test_list_finds_unassigned_tickets_in_any_of_several_statuses(
    tickets: Any, bearer: Any
) -> None:
    """The workspace's views: «unassigned» and «my open work» (new, open or on hold)."""
    agent_id, token = await tickets.token()
    marker = uuid.uuid4().hex[:8]
    free, mine = [await opened_ticket(tickets, subject=f"Pix {marker} {i}") for i in range(2)]
    taken = await tickets.client.patch(
        f"/v1/tickets/{mine.number}", json={"assignee_id": agent_id}, headers=bearer(token)
    )

    unassigned = await tickets.client.get(
        "/v1/tickets", params={"q": marker, "unassigned": "true"}, headers=bearer(token)
    )
    open_work = await tickets.client.get(
        "/v1/tickets",
        params=[("q", marker), ("assignee", agent_id), ("status", "new"), ("status", "open")],
        headers=bearer(token),
    )
    pending_only = await tickets.client.get(
        "/v1/tickets", params={"q": marker, "status": "pending"}, headers=bearer(token)
    )

    assert taken.status_code == 200, taken.text
    assert [t["number"] for t in unassigned.json()["items"]] == [free.number]
    assert [t["number"] for t in open_work.json()["items"]] == [mine.number]
    assert pending_only.json()["items"] == []


async def test_merge_moves_comments_and_tells_both_requesters(tickets: Any, bearer: Any) -> None:
    _, token = await tickets.token()
    source = await opened_ticket(tickets, text="Primeira reclamação.")
    target = await opened_ticket(tickets, text="Segunda reclamação.")
    confirmed = {"target": target.number, "confirm_different_requesters": True}

    merged = await tickets.client.post(
        f"/v1/tickets/{source.number}/merge", json=confirmed, headers=bearer(token)
    )
    again = await tickets.client.post(
        f"/v1/tickets/{source.number}/merge", json=confirmed, headers=bearer(token)
    )

    assert merged.status_code == 200
    assert merged.json()["source"]["status"]["code"] == "merged"
    texts = [c["text"] for c in merged.json()["target"]["comments"]]
    assert sorted(texts) == ["Primeira reclamação.", "Segunda reclamação."]
    assert again.status_code == 409
    event = next(
        e for e in await tickets.events_for(source.number, 4) if e["type"] == "ticket.merged"
    )
    assert event["payload"]["ticket"]["requester"]["email"] == source.requester.email
    assert event["payload"]["target"]["requester"]["email"] == target.requester.email


async def test_phone_ticket_round_robin_among_available_agents(tickets: Any, bearer: Any) -> None:
    _, admin = await tickets.token(AgentRole.ADMIN)
    group = f"rr{uuid.uuid4().hex[:6]}"
    made = await tickets.client.post(
        "/v1/groups",
        json={"id": group, "name": "Suporte N1", "round_robin": True},
        headers=bearer(admin),
    )
    assert made.status_code == 201
    members = []
    for name in ("Ana", "Bia", "Caio"):
        agent = await tickets.client.post(
            "/v1/agents", json={"name": name, "group_ids": [group]}, headers=bearer(admin)
        )
        members.append(agent.json()["id"])
    away = await tickets.client.put(
        f"/v1/agents/{members[1]}/availability", json={"available": False}, headers=bearer(admin)
    )
    assert away.json()["available"] is False

    assignees = []
    for i in range(4):
        call = {
            "caller": {"name": "Joana", "phone": "+55 11 98765-4321"},
            "subject": f"Ligação {i}",
            "text": "Cliente relata falha no acesso.",
            "group_id": group,
        }
        created = await tickets.client.post("/v1/tickets", json=call, headers=bearer(admin))
        assert created.status_code == 201
        assert created.json()["channel"] == "phone"
        assignees.append(created.json()["assignee_id"])

    ordered = sorted([members[0], members[2]])
    assert assignees == [ordered[0], ordered[1], ordered[0], ordered[1]]


async def test_an_agent_links_related_tickets_and_each_page_lists_the_other(
    tickets: Any, bearer: Any
) -> None:
    _, token = await tickets.token()
    first, second = await opened_ticket(tickets), await opened_ticket(tickets)

    linked = await tickets.client.patch(
        f"/v1/tickets/{first.number}",
        json={"related_tickets": [second.number, first.number, second.number]},
        headers=bearer(token),
    )
    other = await tickets.client.get(f"/v1/tickets/{second.number}", headers=bearer(token))
    unknown = await tickets.client.patch(
        f"/v1/tickets/{first.number}", json={"related_tickets": [9_999_999]}, headers=bearer(token)
    )

    assert linked.status_code == 200
    assert linked.json()["related_tickets"] == [second.number]  # once, never itself
    assert linked.json()["history"][-1]["field"] == "related_tickets"
    assert other.json()["linked_from"] == [first.number]
    assert unknown.status_code == 422
    assert (unknown.json()["code"], "9999999" in unknown.json()["title"]) == (
        "unknown_reference",
        True,
    )
    mine = await tickets.client.get(f"/v1/tickets/{first.number}", headers=bearer(token))
    assert mine.json()["related_tickets"] == [second.number]  # the refused edit changed nothing
