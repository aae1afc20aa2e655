"""Which file of a ticket a caller may open, and which service keeps its bytes.

A customer sees the files of the public comments of their own ticket; staff see every file.
Anything else is "not found", so that file ids cannot be probed.
"""

from __future__ import annotations

from tickets.domain.model import AttachmentRef, Channel, Comment, FileHolder, Ticket
from tickets.domain.my_tickets import comments_for_requester, visible_to_requester


def visible_file(
    ticket: Ticket, attachment_id: str, *, requester_id: str | None
) -> tuple[AttachmentRef, FileHolder] | None:
    """The file and its holder when the caller may open it: `requester_id` for a customer,
    None for staff."""
    if requester_id is None:
        comments = ticket.comments
    elif visible_to_requester(ticket, requester_id):
        comments = comments_for_requester(ticket)
    else:
        return None
    for comment in comments:
        for ref in comment.attachments:
            if ref.attachment_id == attachment_id:
                return ref, holder_of(comment, ref)
    return None


def holder_of(comment: Comment, ref: AttachmentRef) -> FileHolder:
    """Refs from before `holder` existed: chat keeps the chat channel's files, intake the rest."""
    if ref.holder is not None:
        return ref.holder
    return "chat" if comment.channel is Channel.CHAT else "intake"
