from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tickets.domain.conversation import add_customer_comment
from tickets.domain.duplicates import (
    content_fingerprint,
    find_duplicate_ticket,
    normalize_subject,
    normalize_text,
)
from tickets.domain.events import CommentAdded
from tickets.domain.model import Ticket
from tickets.domain.opening import InboundMessage
from tickets.domain.status import TicketStatus

TicketFactory = Callable[..., Ticket]
MessageFactory = Callable[..., InboundMessage]
S = TicketStatus
ORIGINAL = content_fingerprint("Boleto não chegou", "Olá, o boleto de março não chegou.")


@pytest.mark.parametrize(
    "subject",
    ["Boleto não chegou", "RE: boleto nao chegou", "Fwd: Re:  BOLETO NÃO   chegou",
     "ENC: RES: Boleto não chegou", "Enc:Boleto não chegou", "TR: Re[2]: Boleto não chegou"],
)  # fmt: skip
def test_resent_or_forwarded_copy_has_the_same_fingerprint(subject: str) -> None:
    text = "  olá, O BOLETO de março\n não chegou. "
    assert content_fingerprint(subject, text) == ORIGINAL


def test_different_text_is_not_a_duplicate() -> None:
    assert content_fingerprint("Boleto não chegou", "O boleto de abril não chegou.") != ORIGINAL


def test_prefix_inside_the_subject_is_kept() -> None:
    assert normalize_subject("Dúvida sobre RE: contrato") == "duvida sobre re: contrato"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_normalizing_twice_changes_nothing(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert normalize_subject(normalize_subject(text)) == normalize_subject(text)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="abcçãéí ", max_size=40))
def test_case_and_accents_never_make_a_new_ticket(text: str) -> None:
    assert content_fingerprint("Assunto", text.upper()) == content_fingerprint("assunto", text)


def test_same_message_from_same_requester_within_a_day_joins_the_open_ticket(
    ticket: TicketFactory, message: MessageFactory, t0: datetime
) -> None:
    first = ticket(number=100001)
    older = ticket(number=100000, created_at=t0 - timedelta(hours=5))
    resent_at = t0 + timedelta(hours=23)
    found = find_duplicate_ticket(
        [older, first], requester_id="contact-ana", fingerprint=ORIGINAL, received_at=resent_at
    )
    assert found is first
    resent = message(subject="Fwd: Boleto não chegou", received_at=resent_at)
    joined = add_customer_comment(found, resent, now=resent_at, is_duplicate=True)
    assert joined.ticket.comments[-1].is_duplicate
    added = joined.events[0]
    assert isinstance(added, CommentAdded)
    assert added.comment.is_duplicate


@pytest.mark.parametrize(
    ("requester_id", "status", "age"),
    [
        ("contact-bruno", S.OPEN, timedelta(hours=1)),
        ("contact-ana", S.RESOLVED, timedelta(hours=1)),
        ("contact-ana", S.CLOSED, timedelta(hours=1)),
        ("contact-ana", S.OPEN, timedelta(hours=24, seconds=1)),
    ],
)
def test_message_opens_its_own_ticket_when_not_a_recent_open_duplicate(
    ticket: TicketFactory, t0: datetime, requester_id: str, status: S, age: timedelta
) -> None:
    candidate = ticket(status=status, requester_id=requester_id)
    found = find_duplicate_ticket(
        [candidate], requester_id="contact-ana", fingerprint=ORIGINAL, received_at=t0 + age
    )
    assert found is None
