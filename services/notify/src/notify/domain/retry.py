"""When to try a transiently failed delivery again: exponential backoff with jitter, capped."""

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff settings for the delay queue; ``max_attempts`` counts the first attempt too."""

    first_delay: timedelta = timedelta(seconds=30)
    multiplier: float = 2.0
    max_delay: timedelta = timedelta(minutes=30)
    max_attempts: int = 8
    jitter: float = 0.5

    def __post_init__(self) -> None:
        if self.first_delay <= timedelta(0) or self.max_delay < self.first_delay:
            raise ValueError("delays must be positive and max_delay at least first_delay")
        if self.multiplier < 1 or self.max_attempts < 1 or not 0 <= self.jitter <= 1:
            raise ValueError("multiplier >= 1, max_attempts >= 1 and 0 <= jitter <= 1 required")


def retry_delay(attempt: int, policy: RetryPolicy, random_fraction: float) -> timedelta | None:
    """How long to wait after failed attempt number ``attempt`` (1-based); None when spent.

    ``random_fraction`` in [0, 1) comes from the caller's random source (``random.random()``),
    which keeps this function pure. Jitter only shortens the delay, so the cap always holds and
    a burst of failures spreads out instead of retrying in lockstep.
    """
    if attempt < 1:
        raise ValueError("attempts are numbered from 1")
    if not 0 <= random_fraction < 1:
        raise ValueError("random_fraction must be in [0, 1)")
    if attempt >= policy.max_attempts:
        return None
    growth = policy.multiplier ** min(attempt - 1, 64)
    seconds = min(policy.max_delay.total_seconds(), policy.first_delay.total_seconds() * growth)
    return timedelta(seconds=seconds * (1 - policy.jitter * random_fraction))
