from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pytest

from tickets.domain.message_threading import (
    ThreadingHints,
    ThreadRule,
    resolve_thread,
    ticket_number_in_subject,
)
from tickets.domain.model import Ticket
from tickets.domain.status import TicketStatus

TicketFactory = Callable[..., Ticket]


@dataclass
class FakeDirectory:
    """Answers the lookups from dicts, the way the Mongo adapter would from indexes."""

    by_message_id: dict[str, Ticket] = field(default_factory=dict)
    by_token: dict[str, Ticket] = field(default_factory=dict)
    by_whatsapp: dict[str, Ticket] = field(default_factory=dict)
    by_number: dict[int, Ticket] = field(default_factory=dict)
    asked_message_ids: list[tuple[str, ...]] = field(default_factory=list)

    async def find_by_message_ids(self, message_ids: Sequence[str]) -> Ticket | None:
        self.asked_message_ids.append(tuple(message_ids))
        return next((self.by_message_id[m] for m in message_ids if m in self.by_message_id), None)

    async def find_by_reply_token(self, token: str) -> Ticket | None:
        return self.by_token.get(token)

    async def find_open_by_whatsapp(self, conversation_id: str) -> Ticket | None:
        found = self.by_whatsapp.get(conversation_id)
        return found if found is not None and found.is_active else None

    async def find_by_number(self, number: int) -> Ticket | None:
        return self.by_number.get(number)


@pytest.fixture
def tickets(ticket: TicketFactory) -> dict[str, Ticket]:
    return {
        "by_mid": ticket(number=100001, requester_id="contact-ana"),
        "by_token": ticket(number=100002, requester_id="contact-ana"),
        "by_wa": ticket(number=100003, requester_id="contact-ana", status=TicketStatus.OPEN),
        "by_subject": ticket(number=100004, requester_id="contact-ana"),
    }


@pytest.fixture
def directory(tickets: dict[str, Ticket]) -> FakeDirectory:
    return FakeDirectory(
        by_message_id={"t100001.1@helpdesk.example": tickets["by_mid"]},
        by_token={"tok-2": tickets["by_token"]},
        by_whatsapp={"wa-3": tickets["by_wa"]},
        by_number={t.number: t for t in tickets.values()},
    )


ALL_HINTS = ThreadingHints(
    in_reply_to=("<t100001.1@helpdesk.example>",),
    reply_token="tok-2",
    whatsapp_conversation_id="wa-3",
    subject="Re: [Chamado #100004] Boleto",
)


@pytest.mark.parametrize(
    ("hints", "expected_number", "rule"),
    [
        (ALL_HINTS, 100001, ThreadRule.MESSAGE_ID),
        (ThreadingHints(in_reply_to=(), reply_token="tok-2", whatsapp_conversation_id="wa-3",
                        subject=ALL_HINTS.subject), 100002, ThreadRule.REPLY_TOKEN),
        (ThreadingHints(whatsapp_conversation_id="wa-3", subject=ALL_HINTS.subject),
         100003, ThreadRule.WHATSAPP_CONVERSATION),
        (ThreadingHints(subject=ALL_HINTS.subject), 100004, ThreadRule.SUBJECT_NUMBER),
    ],
)  # fmt: skip
async def test_message_joins_the_ticket_of_the_first_matching_rule(
    directory: FakeDirectory, hints: ThreadingHints, expected_number: int, rule: ThreadRule
) -> None:
    match = await resolve_thread(hints, sender_id="contact-ana", directory=directory)
    assert match.ticket is not None
    assert match.ticket.number == expected_number
    assert match.rule is rule


async def test_references_are_tried_newest_first_after_in_reply_to(
    directory: FakeDirectory,
) -> None:
    hints = ThreadingHints(
        in_reply_to=("<foreign@gmail.com>",),
        references=("<old@x>", "<t100001.1@helpdesk.example>", "<foreign@gmail.com>"),
    )
    match = await resolve_thread(hints, sender_id="contact-bruno", directory=directory)
    assert match.ticket is not None
    assert match.ticket.number == 100001
    assert directory.asked_message_ids == [
        ("foreign@gmail.com", "t100001.1@helpdesk.example", "old@x")
    ]


async def test_spoofed_subject_number_from_another_sender_opens_a_new_ticket(
    directory: FakeDirectory,
) -> None:
    hints = ThreadingHints(subject="Re: [Chamado #100004] Boleto")
    match = await resolve_thread(hints, sender_id="contact-mallory", directory=directory)
    assert match.ticket is None
    assert match.rule is None
    assert match.refused_subject_number == 100004


async def test_unknown_subject_number_and_no_hints_open_a_new_ticket(
    directory: FakeDirectory,
) -> None:
    for hints in (ThreadingHints(subject="Chamado #999999"), ThreadingHints(subject="Oi")):
        match = await resolve_thread(hints, sender_id="contact-ana", directory=directory)
        assert match.ticket is None
        assert match.refused_subject_number is None


async def test_whatsapp_conversation_of_a_finished_ticket_is_not_joined(
    ticket: TicketFactory,
) -> None:
    resolved = ticket(number=100009, status=TicketStatus.RESOLVED)
    directory = FakeDirectory(by_whatsapp={"wa-9": resolved})
    hints = ThreadingHints(whatsapp_conversation_id="wa-9")
    match = await resolve_thread(hints, sender_id="contact-ana", directory=directory)
    assert match.ticket is None


async def test_reply_to_a_merged_ticket_lands_on_its_target(ticket: TicketFactory) -> None:
    target = ticket(number=100021, status=TicketStatus.OPEN)
    source = ticket(number=100020, status=TicketStatus.MERGED, merged_into=100021)
    directory = FakeDirectory(by_token={"tok": source}, by_number={100021: target})
    match = await resolve_thread(
        ThreadingHints(reply_token="tok"), sender_id="contact-ana", directory=directory
    )
    assert match.ticket is target
    assert match.rule is ThreadRule.REPLY_TOKEN


async def test_subject_number_read_by_intake_counts_like_one_in_the_subject(
    directory: FakeDirectory,
) -> None:
    hints = ThreadingHints(ticket_number_hint=100004, subject="sem número")
    mine = await resolve_thread(hints, sender_id="contact-ana", directory=directory)
    assert mine.rule is ThreadRule.SUBJECT_NUMBER
    spoofed = await resolve_thread(hints, sender_id="contact-mallory", directory=directory)
    assert spoofed.ticket is None


@pytest.mark.parametrize(
    ("subject", "number"),
    [
        ("Re: [Chamado #100123] Boleto", 100123),
        ("RES: Protocolo 100124 - acesso", 100124),
        ("Fwd: chamado nº 100125", 100125),
        ("Ticket: 100126", 100126),
        ("Pedido 100127 atrasado", None),
        ("Boleto de R$ 100,00", None),
    ],
)
def test_ticket_number_is_read_from_the_subject(subject: str, number: int | None) -> None:
    assert ticket_number_in_subject(subject) == number
