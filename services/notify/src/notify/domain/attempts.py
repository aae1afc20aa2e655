"""What a send attempt's outcome does to a delivery: sent, retried later, or failed for good."""

from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict

from notify.domain.delivery import DeliveryState, DeliveryStatus, record_status
from notify.domain.outcomes import OutcomeKind, SendOutcome
from notify.domain.retry import RetryPolicy, retry_delay


class AttemptDecision(BaseModel):
    """The delivery after an attempt, and when to try again (None: no further attempt)."""

    model_config = ConfigDict(frozen=True)

    state: DeliveryState
    retry_after: timedelta | None = None

    @property
    def failed(self) -> bool:
        """True when the delivery ended failed: the application emits ``notify.failed``."""
        return self.state.status is DeliveryStatus.FAILED


def decide_after_attempt(
    state: DeliveryState,
    outcome: SendOutcome,
    *,
    at: datetime,
    policy: RetryPolicy,
    random_fraction: float,
) -> AttemptDecision:
    """Accepted → sent; transient → retry after a delay until attempts run out; else failed.

    The attempt is counted in the returned state; ``random_fraction`` feeds the retry jitter.
    """
    attempted = state.model_copy(update={"attempts": state.attempts + 1})
    if outcome.kind is OutcomeKind.ACCEPTED:
        sent = record_status(attempted, reported=DeliveryStatus.SENT, at=at).state
        return AttemptDecision(
            state=sent.model_copy(update={"provider_message_id": outcome.provider_message_id})
        )
    if outcome.kind is OutcomeKind.TRANSIENT:
        delay = retry_delay(attempted.attempts, policy, random_fraction)
        if delay is not None:
            return AttemptDecision(state=attempted, retry_after=delay)
    failed = record_status(
        attempted, reported=DeliveryStatus.FAILED, at=at, error_code=outcome.error_code or "unknown"
    )
    return AttemptDecision(state=failed.state)
