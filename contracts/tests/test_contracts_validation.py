"""Incoming events: unknown fields are tolerated, missing or wrong required fields rejected."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.sla import SlaBreached
from helpdesk_contracts.registry import ContractViolation, parse_event


def _breach_json() -> dict[str, object]:
    payload = SlaBreached(
        ticket_number=100123,
        priority="P1",
        calendar="comercial",
        target="resolution",
        due_at=datetime(2026, 11, 23, 12, tzinfo=timezone(timedelta(hours=-3))),
    )
    return json.loads(new_envelope(payload, producer="sla").model_dump_json())  # type: ignore[no-any-return]


def test_event_from_a_newer_producer_with_extra_fields_is_accepted() -> None:
    body = _breach_json()
    body["new_envelope_field"] = "x"
    body["payload"]["new_payload_field"] = 1  # type: ignore[index]

    envelope = parse_event("sla.breached.v1", json.dumps(body).encode())

    assert envelope.payload.ticket_number == 100123
    assert envelope.occurred_at.utcoffset() == timedelta(0)


def test_missing_required_field_is_rejected_naming_the_field() -> None:
    body = _breach_json()
    del body["payload"]["due_at"]  # type: ignore[attr-defined]

    with pytest.raises(ContractViolation, match=r"payload\.due_at"):
        parse_event("sla.breached.v1", json.dumps(body).encode())


def test_wrong_type_is_rejected() -> None:
    body = _breach_json()
    body["payload"]["ticket_number"] = "cem"  # type: ignore[index]

    with pytest.raises(ContractViolation, match="ticket_number"):
        parse_event("sla.breached.v1", json.dumps(body).encode())


def test_body_that_is_not_json_is_rejected() -> None:
    with pytest.raises(ContractViolation):
        parse_event("sla.breached.v1", b"\xff not json")


def test_envelope_routed_under_another_event_is_rejected() -> None:
    with pytest.raises(ContractViolation, match="routed as"):
        parse_event("sla.warning.v1", json.dumps(_breach_json()).encode())


def test_naive_timestamps_are_rejected() -> None:
    body = _breach_json()
    body["occurred_at"] = "2026-11-23T12:00:00"

    with pytest.raises(ContractViolation, match="occurred_at"):
        parse_event("sla.breached.v1", json.dumps(body).encode())
