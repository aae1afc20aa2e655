"""Deliveries happen once and their status only moves forward; SMTP answers are classified."""

from datetime import UTC, datetime, timedelta
from uuid import UUID

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.domain.contacts import Channel
from notify.domain.delivery import (
    DeliveryKey,
    DeliveryState,
    DeliveryStatus,
    record_status,
)
from notify.domain.outcomes import OutcomeKind, classify_smtp_reply, connection_failure

EVENT = UUID("6f1c2a9e-3b44-4d7c-9a51-0e2f5b8c7d10")
AT = datetime(2024, 11, 21, 12, 0, tzinfo=UTC)
RANK = {"queued": 0, "sent": 1, "delivered": 2, "read": 3}


def test_delivery_key_is_a_stable_readable_string() -> None:
    key = DeliveryKey(event_id=EVENT, channel=Channel.WHATSAPP, recipient="contact-1")
    assert str(key) == "6f1c2a9e-3b44-4d7c-9a51-0e2f5b8c7d10/whatsapp/contact-1"
    same = DeliveryKey.model_validate(
        {"event_id": str(EVENT), "channel": "whatsapp", "recipient": "contact-1"}
    )
    assert str(same) == str(key)


@settings(max_examples=200, deadline=None)
@given(st.uuids(), st.sampled_from(list(Channel)), st.text(min_size=1, max_size=40))
def test_delivery_key_round_trips_through_its_string(
    event_id: UUID, channel: Channel, recipient: str
) -> None:
    key = DeliveryKey(event_id=event_id, channel=channel, recipient=recipient)
    assert DeliveryKey.parse(str(key)) == key


def status_after(*reports: DeliveryStatus) -> DeliveryState:
    state = DeliveryState()
    for offset, reported in enumerate(reports):
        state = record_status(state, reported=reported, at=AT + timedelta(seconds=offset)).state
    return state


def test_statuses_move_forward_through_sent_delivered_read() -> None:
    state = status_after(DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.READ)
    assert state.status is DeliveryStatus.READ
    assert [entry.status for entry in state.history] == ["sent", "delivered", "read"]


def test_a_late_delivered_callback_after_read_is_ignored() -> None:
    read = status_after(DeliveryStatus.SENT, DeliveryStatus.READ)
    update = record_status(read, reported=DeliveryStatus.DELIVERED, at=AT + timedelta(minutes=1))
    assert update.applied is False
    assert update.state == read


def test_a_repeated_callback_changes_nothing() -> None:
    sent = status_after(DeliveryStatus.SENT)
    update = record_status(sent, reported=DeliveryStatus.SENT, at=AT + timedelta(minutes=1))
    assert update.applied is False
    assert update.state.history == sent.history


def test_failure_records_its_error_code() -> None:
    update = record_status(
        status_after(DeliveryStatus.SENT),
        reported=DeliveryStatus.FAILED,
        at=AT,
        error_code="131026",
    )
    assert update.applied is True
    assert update.state.status is DeliveryStatus.FAILED
    assert update.state.error_code == "131026"
    assert update.state.history[-1].error_code == "131026"


@pytest.mark.parametrize("before", [DeliveryStatus.QUEUED, DeliveryStatus.DELIVERED])
def test_failure_is_accepted_from_any_unfinished_status(before: DeliveryStatus) -> None:
    state = DeliveryState(status=before)
    assert record_status(state, reported=DeliveryStatus.FAILED, at=AT, error_code="x").applied


@pytest.mark.parametrize("final", [DeliveryStatus.READ, DeliveryStatus.FAILED])
@pytest.mark.parametrize("reported", list(DeliveryStatus))
def test_nothing_moves_a_finished_delivery(final: DeliveryStatus, reported: DeliveryStatus) -> None:
    state = DeliveryState(status=final, error_code="e" if final is DeliveryStatus.FAILED else None)
    update = record_status(state, reported=reported, at=AT, error_code="other")
    assert update.applied is False
    assert update.state == state


def test_error_code_is_only_kept_on_failure() -> None:
    update = record_status(DeliveryState(), reported=DeliveryStatus.SENT, at=AT, error_code="x")
    assert update.state.error_code is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list(DeliveryStatus)), max_size=12))
def test_status_never_moves_backwards_whatever_order_callbacks_arrive_in(
    reports: list[DeliveryStatus],
) -> None:
    state = DeliveryState()
    for reported in reports:
        update = record_status(state, reported=reported, at=AT, error_code="e")
        if state.status is DeliveryStatus.FAILED:
            assert update.state == state
        elif update.state.status is not DeliveryStatus.FAILED:
            assert RANK[update.state.status] >= RANK[state.status]
        assert update.applied is (update.state != state)
        state = update.state
    assert len(state.history) <= 4


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        (250, OutcomeKind.ACCEPTED),
        (421, OutcomeKind.TRANSIENT),
        (450, OutcomeKind.TRANSIENT),
        (451, OutcomeKind.TRANSIENT),
        (452, OutcomeKind.TRANSIENT),
        (550, OutcomeKind.PERMANENT),
        (552, OutcomeKind.PERMANENT),
        (554, OutcomeKind.PERMANENT),
    ],
)
def test_smtp_4xx_is_retried_and_5xx_is_final(code: int, kind: OutcomeKind) -> None:
    outcome = classify_smtp_reply(code, "4.7.1 Try again\r\nlater")
    assert outcome.kind is kind
    if kind is not OutcomeKind.ACCEPTED:
        assert outcome.error_code == f"smtp:{code}"
        assert outcome.detail == "4.7.1 Try again later"


def test_unreachable_relay_or_api_is_retried() -> None:
    outcome = connection_failure("Connection refused")
    assert outcome.should_retry
    assert outcome.error_code == "connection"
