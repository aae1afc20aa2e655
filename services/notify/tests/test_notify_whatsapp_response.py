"""The Cloud API's answers: a message id, or an error classified as worth retrying or not."""

import json

import pytest

from notify.domain.outcomes import OutcomeKind
from notify.domain.whatsapp_response import read_send_response


def test_accepted_send_returns_the_wamid() -> None:
    body = {
        "messaging_product": "whatsapp",
        "contacts": [{"input": "5511987654321", "wa_id": "5511987654321"}],
        "messages": [{"id": "wamid.HBgLNTUxMTk4NzY1NDMyMRUCABEYEjQ="}],
    }
    outcome = read_send_response(200, json.dumps(body).encode())
    assert outcome.kind is OutcomeKind.ACCEPTED
    assert outcome.provider_message_id == "wamid.HBgLNTUxMTk4NzY1NDMyMRUCABEYEjQ="


def error_body(code: int, message: str) -> str:
    return json.dumps({"error": {"message": message, "type": "OAuthException", "code": code}})


@pytest.mark.parametrize(
    ("status", "body", "kind", "error_code"),
    [
        (429, error_body(130429, "Rate limit hit"), OutcomeKind.TRANSIENT, "whatsapp:130429"),
        (500, error_body(131000, "Something went wrong"), OutcomeKind.TRANSIENT, "whatsapp:131000"),
        (503, "<html>Service Unavailable</html>", OutcomeKind.TRANSIENT, "http:503"),
        (400, error_body(131056, "Pair rate limit hit"), OutcomeKind.TRANSIENT, "whatsapp:131056"),
        (
            400,
            error_body(131047, "Re-engagement message"),
            OutcomeKind.PERMANENT,
            "whatsapp:131047",
        ),
        (400, error_body(100, "Invalid parameter"), OutcomeKind.PERMANENT, "whatsapp:100"),
        (401, error_body(190, "Access token has expired"), OutcomeKind.PERMANENT, "whatsapp:190"),
        (404, b"", OutcomeKind.PERMANENT, "http:404"),
    ],
)
def test_errors_are_classified_transient_or_permanent(
    status: int, body: str | bytes, kind: OutcomeKind, error_code: str
) -> None:
    outcome = read_send_response(status, body)
    assert outcome.kind is kind
    assert outcome.error_code == error_code
    assert outcome.should_retry is (kind is OutcomeKind.TRANSIENT)


def test_error_message_is_kept_for_the_delivery_log() -> None:
    outcome = read_send_response(400, error_body(100, "(#100) Invalid\nparameter"))
    assert outcome.detail == "(#100) Invalid parameter"


@pytest.mark.parametrize("body", [b"{}", b"not json", b'{"messages": []}', b'{"messages": [{}]}'])
def test_success_without_message_id_is_not_retried(body: bytes) -> None:
    outcome = read_send_response(200, body)
    assert outcome.kind is OutcomeKind.PERMANENT
    assert outcome.error_code == "whatsapp:no_message_id"
