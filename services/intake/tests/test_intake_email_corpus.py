"""Every email in the corpus is parsed the way its entry in corpus/expected.yaml says."""

from __future__ import annotations

import pytest

from intake.domain.email_models import InboundEmail
from intake.domain.email_parsing import parse_email
from services.intake.tests.corpus_expectations import (
    CORPUS_DIR,
    CorpusCase,
    assert_matches_expectation,
    load_corpus,
)

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
