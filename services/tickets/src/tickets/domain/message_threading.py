"""Which existing ticket an inbound message joins, if any.

Order (first hit wins): one of our Message-IDs in In-Reply-To, then in References (newest
first); the reply token; the WhatsApp conversation of an open ticket; the ticket number in the
subject — the last only when the sender is that ticket's requester, so a stranger cannot write
into someone else's ticket by typing its number. A hit on a merged ticket follows `merged_into`.

The lookups are the caller's (`TicketDirectory`, implemented over Mongo by the app layer); this
module does no I/O of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from tickets.domain.model import Ticket
from tickets.domain.status import TicketStatus

MAX_MERGE_HOPS = 10

_SUBJECT_NUMBER = re.compile(
    r"(?:\b(?:chamado|ticket|protocolo)\b\s*(?:n[º°o]?\.?\s*)?[:#]?\s*|#)(\d{3,})",
    re.IGNORECASE,
)


class TicketDirectory(Protocol):
    """Lookups the app layer answers from the database."""

    async def find_by_message_ids(self, message_ids: Sequence[str]) -> Ticket | None:
        """The ticket one of these Message-IDs (ours, sent or received) belongs to."""
        ...

    async def find_by_reply_token(self, token: str) -> Ticket | None: ...

    async def find_open_by_whatsapp(self, conversation_id: str) -> Ticket | None:
        """The active ticket of this WhatsApp conversation."""
        ...

    async def find_by_number(self, number: int) -> Ticket | None: ...


@dataclass(frozen=True, slots=True)
class ThreadingHints:
    """What the inbound message says about its thread (Message-IDs with or without <>)."""

    in_reply_to: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    reply_token: str | None = None
    whatsapp_conversation_id: str | None = None
    subject: str = ""
    ticket_number_hint: int | None = None  # already read from the subject by intake

    def subject_ticket_number(self) -> int | None:
        return self.ticket_number_hint or ticket_number_in_subject(self.subject)

    def message_ids(self) -> tuple[str, ...]:
        """In-Reply-To first, then References newest first, without duplicates or brackets."""
        ordered = (*self.in_reply_to, *reversed(self.references))
        cleaned = (m.strip().strip("<>").strip() for m in ordered)
        return tuple(dict.fromkeys(m for m in cleaned if m))


class ThreadRule(StrEnum):
    MESSAGE_ID = "message_id"
    REPLY_TOKEN = "reply_token"
    WHATSAPP_CONVERSATION = "whatsapp_conversation"
    SUBJECT_NUMBER = "subject_number"


@dataclass(frozen=True, slots=True)
class ThreadMatch:
    """The ticket to join (None: open a new one), the rule that found it, and a subject number
    that was ignored because someone other than its requester sent it (worth logging)."""

    ticket: Ticket | None
    rule: ThreadRule | None = None
    refused_subject_number: int | None = None


def ticket_number_in_subject(subject: str) -> int | None:
    """The protocol number in "Re: [Chamado #100123] Boleto", "Protocolo 100123" and the like."""
    found = _SUBJECT_NUMBER.search(subject)
    return int(found.group(1)) if found else None


async def resolve_thread(
    hints: ThreadingHints, *, sender_id: str, directory: TicketDirectory
) -> ThreadMatch:
    """The ticket the message from `sender_id` (a contact id) joins, by the rules above."""
    ids = hints.message_ids()
    if ids and (found := await directory.find_by_message_ids(ids)):
        return ThreadMatch(await _follow_merges(found, directory), ThreadRule.MESSAGE_ID)
    if hints.reply_token and (found := await directory.find_by_reply_token(hints.reply_token)):
        return ThreadMatch(await _follow_merges(found, directory), ThreadRule.REPLY_TOKEN)
    conversation = hints.whatsapp_conversation_id
    if conversation and (found := await directory.find_open_by_whatsapp(conversation)):
        return ThreadMatch(found, ThreadRule.WHATSAPP_CONVERSATION)
    number = hints.subject_ticket_number()
    if number is None:
        return ThreadMatch(None)
    found = await directory.find_by_number(number)
    if found is None:
        return ThreadMatch(None)
    if found.requester_id != sender_id:
        return ThreadMatch(None, refused_subject_number=number)
    return ThreadMatch(await _follow_merges(found, directory), ThreadRule.SUBJECT_NUMBER)


async def _follow_merges(ticket: Ticket, directory: TicketDirectory) -> Ticket:
    current = ticket
    for _ in range(MAX_MERGE_HOPS):
        if current.status is not TicketStatus.MERGED or current.merged_into is None:
            return current
        target = await directory.find_by_number(current.merged_into)
        if target is None:
            return current
        current = target
    return current
