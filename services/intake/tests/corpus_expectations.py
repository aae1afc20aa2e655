"""The email corpus and what intake must make of each email (corpus/expected.yaml).

Shared by the parser's tests (`assert_matches_expectation` on an InboundEmail) and the
end-to-end test that sends the same files through the SMTP listener (`assert_event_matches`
on the published event). Test modules import it as `services.intake.tests.corpus_expectations`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from intake.domain.email_models import InboundEmail

CORPUS_DIR = Path(__file__).parent / "corpus"


@dataclass(frozen=True)
class CorpusCase:
    """One corpus email: its raw bytes and what intake must make of it."""

    file: str
    raw: bytes
    expected: dict[str, Any]


@dataclass(frozen=True)
class Corpus:
    support_addresses: list[str]
    own_addresses: list[str]
    cases: list[CorpusCase]


def load_corpus(directory: Path = CORPUS_DIR) -> Corpus:
    """The corpus emails with their expectations, in the order of expected.yaml."""
    document = yaml.safe_load((directory / "expected.yaml").read_text(encoding="utf-8"))
    cases = [
        CorpusCase(file=entry["file"], raw=(directory / entry["file"]).read_bytes(), expected=entry)
        for entry in document["emails"]
    ]
    return Corpus(document["support_addresses"], document["own_addresses"], cases)


def _check_attachments(email: InboundEmail, expected: list[dict[str, Any]]) -> None:
    assert [a.filename for a in email.attachments] == [e["filename"] for e in expected]
    for attachment, wanted in zip(email.attachments, expected, strict=True):
        assert attachment.content_type == wanted["content_type"], attachment.filename
        assert attachment.inline is wanted["inline"], attachment.filename
        assert attachment.dangerous is wanted["dangerous"], attachment.filename
        assert attachment.size == len(attachment.content)
        if "content_id" in wanted:
            assert attachment.content_id == wanted["content_id"]
        if "risk_contains" in wanted:
            assert wanted["risk_contains"] in (attachment.risk_reason or "")
        if "sha256" in wanted:
            assert attachment.sha256 == wanted["sha256"], attachment.filename


def _check_bounce(email: InboundEmail, expected: dict[str, Any] | None) -> None:
    if expected is None:
        assert email.bounce is None
        return
    assert email.bounce is not None
    for key, value in expected.items():
        if key == "reason_contains":
            assert value in email.bounce.reason
        else:
            assert getattr(email.bounce, key) == value, key


def assert_matches_expectation(email: InboundEmail, expected: dict[str, Any]) -> None:
    """Fail with a precise message where the parsed email differs from its expectation."""
    assert email.kind == expected["kind"], email.kind_reason
    assert email.subject == expected["subject"]
    assert email.sender.address == expected["sender"]
    if "sender_name" in expected:
        assert email.sender.name == expected["sender_name"]
    if "visible_text" in expected:
        assert email.visible_text == expected["visible_text"]
    for fragment in expected.get("visible_contains", []):
        assert fragment in email.visible_text
    for fragment in expected.get("visible_excludes", []):
        assert fragment not in email.visible_text
    for fragment in expected.get("text_contains", []):
        assert fragment in email.text
    for fragment in expected.get("html_contains", []):
        assert fragment in (email.html or "")
    for fragment in expected.get("html_excludes", []):
        assert fragment not in (email.html or "")
    _check_attachments(email, expected.get("attachments", []))
    forwarded = [
        {
            "subject": f.subject,
            "sender": f.sender.address if f.sender else None,
            "message_id": f.message_id,
        }
        for f in email.forwarded
    ]
    assert forwarded == expected.get("forwarded", [])
    threading = {"reply_token": None, "ticket_number_hint": None, **expected.get("threading", {})}
    for key, value in threading.items():
        actual = getattr(email, key)
        assert (list(actual) if key == "references" else actual) == value, key
    _check_bounce(email, expected.get("bounce"))


def _check_event_attachments(payload: dict[str, Any], expected: list[dict[str, Any]]) -> None:
    attachments = payload["attachments"]
    assert [a["filename"] for a in attachments] == [e["filename"] for e in expected]
    for attachment, wanted in zip(attachments, expected, strict=True):
        assert attachment["content_type"] == wanted["content_type"], attachment["filename"]
        assert attachment["inline"] is wanted["inline"], attachment["filename"]
        assert attachment["dangerous"] is wanted["dangerous"], attachment["filename"]
        if "sha256" in wanted:
            assert attachment["sha256"] == wanted["sha256"], attachment["filename"]


def assert_event_matches(payload: dict[str, Any], expected: dict[str, Any]) -> None:
    """The intake.message.received payload of a corpus email of kind "message"."""
    assert payload["channel"] == "email"
    assert payload["subject"] == expected["subject"]
    assert payload["sender"]["email"].casefold() == expected["sender"].casefold()
    if "sender_name" in expected:
        assert payload["sender"]["name"] == expected["sender_name"]
    if "visible_text" in expected:
        assert payload["text"] == expected["visible_text"]
    for fragment in expected.get("visible_contains", []):
        assert fragment in payload["text"]
    for fragment in expected.get("visible_excludes", []):
        assert fragment not in payload["text"]
    for fragment in expected.get("text_contains", []):
        assert fragment in payload["full_text"]
    for fragment in expected.get("html_contains", []):
        assert fragment in (payload["html"] or "")
    for fragment in expected.get("html_excludes", []):
        assert fragment not in (payload["html"] or "")
    _check_event_attachments(payload, expected.get("attachments", []))
    threading = {"reply_token": None, "ticket_number_hint": None, **expected.get("threading", {})}
    synthesized = threading.pop("message_id_synthesized", False)
    assert (
        payload["threading"]["message_id"].endswith("@synthesized.intake.invalid>") is synthesized
    )
    for key, value in threading.items():
        actual = payload["threading"][key]
        if key == "ticket_number_hint" and value is not None:
            value = int(value)
        assert (list(actual) if key == "references" else actual) == value, key


def assert_bounce_event_matches(payload: dict[str, Any], bounce: dict[str, Any]) -> None:
    """The intake.delivery_status payload of a corpus bounce that reports a failure."""
    assert payload["channel"] == "email"
    assert payload["provider_message_id"] == bounce["original_message_id"]
    assert payload["recipient"] == bounce["failed_recipient"]
    assert payload["status"] == ("bounced" if bounce["permanent"] else "failed")
    if "status" in bounce:
        assert payload["error_code"] == bounce["status"]
    if "reason_contains" in bounce:
        assert bounce["reason_contains"] in (payload["error_reason"] or "")
