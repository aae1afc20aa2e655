"""Every email in the corpus is parsed the way its entry in corpus/expected.yaml says.

The loader and checker below take plain data so that the end-to-end test pushing the same
files through the SMTP listener can reuse them (`load_corpus`, `assert_matches_expectation`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from intake.domain.email_models import InboundEmail
from intake.domain.email_parsing import parse_email

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


CORPUS = load_corpus()


def test_corpus_has_forty_emails_each_with_an_expectation() -> None:
    files = sorted(path.name for path in CORPUS_DIR.glob("*.eml"))
    assert len(files) >= 40
    assert sorted(case.file for case in CORPUS.cases) == files


@pytest.mark.parametrize("case", CORPUS.cases, ids=lambda case: case.file)
def test_corpus_email_is_parsed_as_expected(case: CorpusCase) -> None:
    email = parse_email(
        case.raw, support_addresses=CORPUS.support_addresses, own_addresses=CORPUS.own_addresses
    )
    assert isinstance(email, InboundEmail)
    assert_matches_expectation(email, case.expected)


@pytest.mark.parametrize("case", CORPUS.cases, ids=lambda case: case.file)
def test_same_bytes_parse_to_the_same_message_id(case: CorpusCase) -> None:
    first, second = (
        parse_email(case.raw, support_addresses=CORPUS.support_addresses, own_addresses=[])
        for _ in range(2)
    )
    assert isinstance(first, InboundEmail)
    assert isinstance(second, InboundEmail)
    assert first.message_id == second.message_id
