"""The checked-in AsyncAPI document and JSON Schemas are what the code generates."""

from __future__ import annotations

import json

from helpdesk_contracts.asyncapi import CONTRACTS_DIR, consumers_of, rendered_files
from helpdesk_contracts.registry import EVENT_MODELS

REQUIRED_EVENTS = {
    "intake.message.received", "intake.delivery_status", "ticket.created", "ticket.updated",
    "ticket.status_changed", "ticket.comment_added", "ticket.assigned", "ticket.priority_changed",
    "ticket.merged", "ticket.csat_requested", "ticket.csat_received", "sla.clock_updated",
    "sla.warning", "sla.breached", "sla.escalated", "chat.session_started",
    "chat.handoff_requested", "chat.agent_joined", "chat.session_ended", "notify.delivered",
    "notify.failed",
}  # fmt: skip


def test_checked_in_documents_match_the_code() -> None:
    stale = [
        str(path.relative_to(CONTRACTS_DIR))
        for path, text in rendered_files().items()
        if not path.exists() or path.read_text(encoding="utf-8") != text
    ]
    assert not stale, f"run `python -m helpdesk_contracts.asyncapi` and commit: {stale}"


def test_asyncapi_document_lists_every_event_and_raw_inbound_channel() -> None:
    document = json.loads((CONTRACTS_DIR / "asyncapi.json").read_text(encoding="utf-8"))
    channels = " ".join(document["channels"])
    for event in REQUIRED_EVENTS:
        assert f"{event}.v1" in channels
    for raw in ("inbound.email.v1", "inbound.webform.v1", "inbound.whatsapp.v1"):
        assert raw in channels


def test_every_required_event_has_a_model() -> None:
    assert {key.rsplit(".", 1)[0] for key in EVENT_MODELS} >= REQUIRED_EVENTS


def test_topic_bindings_route_ticket_events_to_sla_and_notify() -> None:
    readers = consumers_of("ticket.created.v1")
    assert "sla.ticket-events" in readers
    assert "notify.events" in readers
    assert "tickets.intake-messages" not in readers


def test_sign_in_links_reach_notify_only() -> None:
    assert consumers_of("customer.magic_link_requested.v1") == ["notify.events"]


def test_staff_directory_reaches_every_service_that_checks_staff_tokens() -> None:
    readers = consumers_of("staff.member_updated.v1")
    assert sorted(readers) == [
        "chat.staff-directory",
        "intake.staff-directory",
        "notify.staff-directory",
        "sla.staff-directory",
    ]
    assert consumers_of("staff.directory_requested.v1") == ["tickets.staff-directory-requests"]
