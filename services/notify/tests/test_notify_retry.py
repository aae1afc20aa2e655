"""Transient failures come back later with growing, jittered, capped delays, then stop."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notify.domain.attempts import decide_after_attempt
from notify.domain.delivery import DeliveryState, DeliveryStatus
from notify.domain.outcomes import accepted, classify_smtp_reply, connection_failure
from notify.domain.retry import RetryPolicy, retry_delay

POLICY = RetryPolicy(
    first_delay=timedelta(seconds=30),
    multiplier=2,
    max_delay=timedelta(minutes=10),
    max_attempts=6,
    jitter=0.5,
)
AT = datetime(2024, 11, 21, 12, 0, tzinfo=UTC)


def test_without_jitter_delays_double_until_the_cap() -> None:
    delays = [retry_delay(attempt, POLICY, 0.0) for attempt in range(1, 7)]
    assert delays == [
        timedelta(seconds=30),
        timedelta(seconds=60),
        timedelta(seconds=120),
        timedelta(seconds=240),
        timedelta(seconds=480),
        None,
    ]
    capped = RetryPolicy(max_attempts=20, max_delay=timedelta(minutes=30))
    assert retry_delay(15, capped, 0.0) == timedelta(minutes=30)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=200),
    st.floats(min_value=0, max_value=1, exclude_max=True),
)
def test_jittered_delay_stays_between_half_and_full_backoff(attempt: int, fraction: float) -> None:
    policy = RetryPolicy(max_attempts=100)
    delay = retry_delay(attempt, policy, fraction)
    if attempt >= policy.max_attempts:
        assert delay is None
        return
    assert delay is not None
    full = retry_delay(attempt, policy, 0.0)
    assert full is not None
    assert full / 2 <= delay <= full <= policy.max_delay


@pytest.mark.parametrize(("attempt", "fraction"), [(0, 0.5), (1, 1.0), (1, -0.1)])
def test_out_of_range_inputs_are_refused(attempt: int, fraction: float) -> None:
    with pytest.raises(ValueError, match=r"attempt|random_fraction"):
        retry_delay(attempt, POLICY, fraction)


def test_inconsistent_policy_is_refused() -> None:
    with pytest.raises(ValueError, match="max_delay"):
        RetryPolicy(first_delay=timedelta(minutes=5), max_delay=timedelta(minutes=1))


def test_relay_refusing_twice_with_451_then_accepting_sends_once() -> None:
    state, retries = DeliveryState(), []
    replies = [classify_smtp_reply(451), classify_smtp_reply(451), classify_smtp_reply(250)]
    for outcome in replies:
        decision = decide_after_attempt(state, outcome, at=AT, policy=POLICY, random_fraction=0.0)
        state = decision.state
        retries.append(decision.retry_after)
    assert retries == [timedelta(seconds=30), timedelta(seconds=60), None]
    assert state.status is DeliveryStatus.SENT
    assert state.attempts == 3
    assert [entry.status for entry in state.history] == ["sent"]


def test_permanent_refusal_fails_at_once_with_its_code() -> None:
    decision = decide_after_attempt(
        DeliveryState(),
        classify_smtp_reply(550, "5.1.1 User unknown"),
        at=AT,
        policy=POLICY,
        random_fraction=0.3,
    )
    assert decision.failed
    assert decision.retry_after is None
    assert decision.state.error_code == "smtp:550"


def test_transient_failures_give_up_after_the_last_attempt() -> None:
    decision = decide_after_attempt(
        DeliveryState(attempts=POLICY.max_attempts - 1),
        connection_failure("timed out"),
        at=AT,
        policy=POLICY,
        random_fraction=0.3,
    )
    assert decision.failed
    assert decision.state.attempts == POLICY.max_attempts
    assert decision.state.error_code == "connection"


def test_accepted_whatsapp_send_is_sent() -> None:
    decision = decide_after_attempt(
        DeliveryState(), accepted("wamid.1"), at=AT, policy=POLICY, random_fraction=0.0
    )
    assert decision.state.status is DeliveryStatus.SENT
    assert decision.state.provider_message_id == "wamid.1"
    assert not decision.failed
