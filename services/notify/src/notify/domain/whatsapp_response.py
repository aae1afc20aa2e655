"""Reading the Cloud API's answer to a send: a message id, or an error worth retrying or not."""

import json
from typing import Any

from notify.domain.outcomes import OutcomeKind, SendOutcome, accepted

RETRYABLE_ERROR_CODES = frozenset({1, 2, 4, 80007, 130429, 131016, 131056, 133004})
"""Meta error codes that mean "later" even when the HTTP status is 400: temporary outages
(1, 2, 131016, 133004), throughput and pair rate limits (4, 80007, 130429, 131056)."""


def _json(body: bytes | str) -> Any:
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None


def read_send_response(status_code: int, body: bytes | str) -> SendOutcome:
    """Classify ``POST /messages``: 2xx with an id accepted; 429, 5xx and retryable codes
    transient; other 4xx permanent.

    A 2xx without a message id is permanent: the message may have gone out, and repeating
    it could send it twice; the delivery stays visible as failed instead.
    """
    document = _json(body)
    if 200 <= status_code < 300:
        messages = document.get("messages") if isinstance(document, dict) else None
        first = messages[0] if isinstance(messages, list) and messages else None
        message_id = first.get("id") if isinstance(first, dict) else None
        if isinstance(message_id, str) and message_id:
            return accepted(message_id)
        return SendOutcome(
            kind=OutcomeKind.PERMANENT,
            error_code="whatsapp:no_message_id",
            detail=f"HTTP {status_code} without a message id",
        )
    error = document.get("error") if isinstance(document, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    detail = " ".join(str(error.get("message") or f"HTTP {status_code}").split())
    retryable = status_code == 429 or status_code >= 500 or code in RETRYABLE_ERROR_CODES
    return SendOutcome(
        kind=OutcomeKind.TRANSIENT if retryable else OutcomeKind.PERMANENT,
        error_code=f"whatsapp:{code}" if code is not None else f"http:{status_code}",
        detail=detail,
    )
