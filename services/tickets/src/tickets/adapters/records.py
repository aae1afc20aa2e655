"""A stored ticket: the domain Ticket plus what only the application keeps beside it.

The contract snapshot needs the requester's details, the reply token and the Message-IDs of the
thread, which the domain Ticket does not hold; they live in the same document.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, replace
from typing import Any

from helpdesk_contracts.common import Requester
from helpdesk_runtime.database import Document
from tickets.domain.model import Ticket
from tickets.domain.workflow import ClosingPolicy, close_due_at

_TICKET_FIELDS = tuple(Ticket.model_fields)
SUMMARY_PROJECTION = {"comments": 0, "history": 0, "outbox": 0}


def new_reply_token() -> str:
    """The token of the reply address suporte+<token>@…: unguessable, safe in an address."""
    return secrets.token_urlsafe(12)


def bare_message_id(raw: str | None) -> str | None:
    """A Message-ID without its angle brackets (stored and compared that way)."""
    if raw is None:
        return None
    cleaned = raw.strip().strip("<>").strip()
    return cleaned or None


@dataclass(frozen=True)
class TicketRecord:
    ticket: Ticket
    requester: Requester
    reply_token: str
    message_ids: tuple[str, ...] = ()  # the thread's Message-IDs, oldest first, bare

    @property
    def number(self) -> int:
        return self.ticket.number

    def with_ticket(self, ticket: Ticket) -> TicketRecord:
        """The record after a change: thread ids follow the comments' Message-IDs."""
        seen = dict.fromkeys(self.message_ids)
        for comment in ticket.comments:
            if bare := bare_message_id(comment.message_id):
                seen.setdefault(bare)
        return replace(self, ticket=ticket, message_ids=tuple(seen))


def to_document(record: TicketRecord, closing: ClosingPolicy) -> Document:
    """Every stored field except `_id` and the outbox (for `$set` or an insert)."""
    document: Document = record.ticket.model_dump(mode="python")
    document["tags"] = list(record.ticket.tags)
    document["related_tickets"] = list(record.ticket.related_tickets)
    document["requester"] = record.requester.model_dump(mode="json")
    document["reply_token"] = record.reply_token
    document["message_ids"] = list(record.message_ids)
    document["close_due_at"] = close_due_at(record.ticket, closing)
    return document


def from_document(document: Document) -> TicketRecord:
    values: dict[str, Any] = {k: document[k] for k in _TICKET_FIELDS if k in document}
    return TicketRecord(
        ticket=Ticket.model_validate(values),
        requester=Requester.model_validate(document["requester"]),
        reply_token=document["reply_token"],
        message_ids=tuple(document.get("message_ids") or ()),
    )
