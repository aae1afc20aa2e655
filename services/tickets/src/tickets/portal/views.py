"""What the "Meus chamados" pages show of a ticket, in the visitor's language and time zone.

Everything a customer may see or do comes from the domain's customer view (my_tickets,
comment_rules, the status table); this module only puts it into words.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from tickets.adapters.records import TicketRecord
from tickets.domain.comment_rules import customer_comment_refusal, resolved_ticket_hint
from tickets.domain.language import LanguageTag
from tickets.domain.model import Actor, AuthorKind, Comment, CsatRating
from tickets.domain.my_tickets import comments_for_requester, summarize_for_requester
from tickets.domain.status import TicketStatus, can_transition
from tickets.portal.session import PORTAL
from tickets.portal.texts import AUTHORS, YOU

_FORMATS: dict[LanguageTag, str] = {"pt-BR": "%d/%m/%Y %H:%M", "en": "%Y-%m-%d %H:%M"}


@dataclass(frozen=True, slots=True)
class Moment:
    iso: str  # for <time datetime>
    shown: str


@dataclass(frozen=True, slots=True)
class TicketRow:
    number: int
    subject: str
    requester: str
    created: Moment
    last_activity: Moment
    status_code: str
    status: str


@dataclass(frozen=True, slots=True)
class PostedFile:
    name: str
    path: str  # under the portal; the page adds the language
    dangerous: bool


@dataclass(frozen=True, slots=True)
class PostedComment:
    author: str
    by_me: bool
    text: str
    at: Moment
    attachments: tuple[PostedFile, ...]


@dataclass(frozen=True, slots=True)
class TicketView:
    row: TicketRow
    merged_into: int | None
    comments: tuple[PostedComment, ...]
    comment_refusal: str | None  # why the comment form is not offered; None: it is
    comment_hint: str | None  # what writing does on a resolved or closed ticket
    linked_to: int | None  # the earlier ticket this one continues
    can_resolve: bool
    can_rate: bool
    rating: CsatRating | None


def file_page(number: int, attachment_id: str) -> str:
    return f"{PORTAL}/{number}/anexos/{quote(attachment_id, safe='')}"


@dataclass(frozen=True, slots=True)
class Presenter:
    language: LanguageTag
    zone: ZoneInfo
    reopens_resolved: bool = False

    def moment(self, at: datetime) -> Moment:
        local = at.astimezone(self.zone)
        return Moment(
            iso=local.isoformat(timespec="seconds"), shown=local.strftime(_FORMATS[self.language])
        )

    def row(
        self, record: TicketRecord, *, merged_target_status: TicketStatus | None = None
    ) -> TicketRow:
        summary = summarize_for_requester(record.ticket, merged_target_status=merged_target_status)
        return TicketRow(
            number=summary.number,
            subject=summary.subject,
            requester=record.requester.name or record.requester.email or "",
            created=self.moment(summary.created_at),
            last_activity=self.moment(summary.last_activity_at),
            status_code=summary.status.value,
            status=summary.status_label.in_language(self.language),
        )

    def ticket(
        self, record: TicketRecord, *, merged_target_status: TicketStatus | None
    ) -> TicketView:
        ticket = record.ticket
        summary = summarize_for_requester(ticket, merged_target_status=merged_target_status)
        hint = resolved_ticket_hint(ticket, reopens=self.reopens_resolved)
        refusal = None if hint else customer_comment_refusal(ticket)
        return TicketView(
            row=self.row(record, merged_target_status=merged_target_status),
            merged_into=ticket.merged_into,
            comments=tuple(
                self.comment(c, requester_id=ticket.requester_id, number=ticket.number)
                for c in comments_for_requester(ticket)
            ),
            comment_refusal=refusal.in_language(self.language) if refusal else None,
            comment_hint=hint.in_language(self.language) if hint else None,
            linked_to=ticket.linked_to,
            can_resolve=can_transition(ticket.status, TicketStatus.RESOLVED),
            can_rate=summary.can_rate,
            rating=ticket.csat,
        )

    def comment(self, comment: Comment, *, requester_id: str, number: int) -> PostedComment:
        by_me = comment.author == Actor(kind=AuthorKind.CUSTOMER, id=requester_id)
        author = YOU if by_me else AUTHORS[comment.author.kind]
        return PostedComment(
            author=author.in_language(self.language),
            by_me=by_me,
            text=comment.body,
            at=self.moment(comment.created_at),
            attachments=tuple(
                PostedFile(a.filename, file_page(number, a.attachment_id), a.dangerous)
                for a in comment.attachments
            ),
        )
