"""How tickets look in JSON: staff see everything, customers see their own public view."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from tickets.adapters.records import TicketRecord
from tickets.domain.language import Localized
from tickets.domain.model import AttachmentRef, Comment, Ticket
from tickets.domain.my_tickets import comments_for_requester, summarize_for_requester
from tickets.domain.status import TicketStatus
from tickets.domain.status_display import status_display

JSON = dict[str, Any]


def labels(text: Localized, language: str | None) -> JSON:
    return {"label": text.in_language(language), "labels": {"pt-BR": text.pt_br, "en": text.en}}


def staff_status(status: TicketStatus, language: str | None) -> JSON:
    return {"code": status.value, **labels(status_display(status).staff, language)}


def ticket_summary(record: TicketRecord, language: str | None) -> JSON:
    ticket = record.ticket
    fields = ticket.model_dump(mode="json", exclude={"comments", "history", "csat"})
    fields["status"] = staff_status(ticket.status, language)
    fields["requester"] = record.requester.model_dump(mode="json")
    return fields


def ticket_detail(record: TicketRecord, language: str | None) -> JSON:
    ticket = record.ticket
    return {
        **ticket_summary(record, language),
        "reply_token": record.reply_token,
        "csat": ticket.csat.model_dump(mode="json") if ticket.csat else None,
        "comments": [comment_view(c, f"/v1/tickets/{ticket.number}") for c in ticket.comments],
        "history": [entry.model_dump(mode="json") for entry in ticket.history],
    }


def comment_view(comment: Comment, ticket_path: str) -> JSON:
    view = comment.model_dump(
        mode="json", exclude={"visibility", "body", "source_event_id", "attachments"}
    )
    files = [file_view(a, ticket_path) for a in comment.attachments]
    return {**view, "attachments": files, "public": comment.is_public, "text": comment.body}


def file_view(ref: AttachmentRef, ticket_path: str) -> JSON:
    """A file with `download_url`: the same API (and token) opens it."""
    view = ref.model_dump(mode="json", exclude={"holder"})
    return {**view, "download_url": f"{ticket_path}/files/{quote(ref.attachment_id, safe='')}"}


def customer_summary(
    ticket: Ticket, language: str | None, *, merged_target_status: TicketStatus | None = None
) -> JSON:
    summary = summarize_for_requester(ticket, merged_target_status=merged_target_status)
    return {
        "number": summary.number,
        "subject": summary.subject,
        "status": {"code": summary.status.value, **labels(summary.status_label, language)},
        "created_at": summary.created_at.isoformat(),
        "last_activity_at": summary.last_activity_at.isoformat(),
        "merged_into": summary.merged_into,
        "can_comment": summary.can_comment,
        "can_rate": summary.can_rate,
    }


def customer_detail(
    record: TicketRecord, language: str | None, *, merged_target_status: TicketStatus | None
) -> JSON:
    ticket = record.ticket
    comments = [
        {
            "id": c.id,
            "author": c.author.kind.value,
            "text": c.body,
            "attachments": [
                file_view(a, f"/v1/customer/tickets/{ticket.number}") for a in c.attachments
            ],
            "created_at": c.created_at.isoformat(),
        }
        for c in comments_for_requester(ticket)
    ]
    return {
        **customer_summary(ticket, language, merged_target_status=merged_target_status),
        "requester": {"name": record.requester.name, "email": record.requester.email},
        "comments": comments,
        "csat": {"score": ticket.csat.score, "comment": ticket.csat.comment}
        if ticket.csat
        else None,
    }
