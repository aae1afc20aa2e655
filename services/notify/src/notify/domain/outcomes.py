"""What came of one send attempt: accepted, worth retrying, or hopeless."""

from enum import StrEnum

from pydantic import BaseModel, ConfigDict


class OutcomeKind(StrEnum):
    """How the application layer must react to an attempt."""

    ACCEPTED = "accepted"
    TRANSIENT = "transient"
    PERMANENT = "permanent"


class SendOutcome(BaseModel):
    """The classified result of handing a message to the SMTP relay or the WhatsApp Cloud API."""

    model_config = ConfigDict(frozen=True)

    kind: OutcomeKind
    provider_message_id: str | None = None
    error_code: str | None = None
    detail: str = ""

    @property
    def should_retry(self) -> bool:
        """True for failures that may succeed later (busy relay, rate limit, outage)."""
        return self.kind is OutcomeKind.TRANSIENT


def accepted(provider_message_id: str | None = None) -> SendOutcome:
    """The channel took the message."""
    return SendOutcome(kind=OutcomeKind.ACCEPTED, provider_message_id=provider_message_id)


def connection_failure(detail: str) -> SendOutcome:
    """The relay or API could not be reached (refused, reset, timeout): always retried."""
    return SendOutcome(kind=OutcomeKind.TRANSIENT, error_code="connection", detail=detail)


def classify_smtp_reply(code: int, message: str = "") -> SendOutcome:
    """An SMTP reply code as an outcome: 2xx accepted, 4xx transient, 5xx permanent.

    Any other code is not a valid final reply; it is treated as transient so the attempt is
    repeated (bounded by the retry schedule) rather than silently dropped.
    """
    detail = " ".join(message.split())
    if 200 <= code < 300:
        return SendOutcome(kind=OutcomeKind.ACCEPTED, detail=detail)
    kind = OutcomeKind.PERMANENT if 500 <= code < 600 else OutcomeKind.TRANSIENT
    return SendOutcome(kind=kind, error_code=f"smtp:{code}", detail=detail)
