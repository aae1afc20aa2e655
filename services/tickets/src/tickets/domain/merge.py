"""Merging a ticket into another: the source becomes merged and points to the target, and its
comments are copied to the target marked with `merged_from`.

Tickets of two different requesters merge only when the agent confirms it, and then every copied
comment is an internal note on the target: one customer's words are never shown to another.

The source keeps its own comments (read-only): without multi-document transactions the app
writes the target first and the source second, and a retry after a crash in between must not
lose a comment or copy it twice (`Ticket.has_comments_merged_from` makes the copy idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tickets.domain.audit import record_changes
from tickets.domain.errors import MergeNeedsConfirmation, MergeNotAllowed
from tickets.domain.events import (
    FieldChange,
    TicketEvent,
    TicketMerged,
    TicketStatusChanged,
    TicketUpdated,
)
from tickets.domain.language import Localized
from tickets.domain.model import Actor, Comment, Ticket, Visibility
from tickets.domain.status import STAFF_LABELS, TicketStatus, check_transition


@dataclass(frozen=True, slots=True)
class MergeOutcome:
    source: Ticket
    target: Ticket
    source_events: tuple[TicketEvent, ...]
    target_events: tuple[TicketEvent, ...]


def merge_tickets(
    source: Ticket,
    target: Ticket,
    *,
    actor: Actor,
    now: datetime,
    different_requesters_confirmed: bool = False,
) -> MergeOutcome:
    """Merge `source` into `target` (both must be in progress: new, open, pending, on hold)."""
    if source.number == target.number:
        raise MergeNotAllowed(
            Localized(
                "Um chamado não pode ser unificado a ele mesmo.",
                "A ticket cannot be merged into itself.",
            )
        )
    if not target.is_active:
        label = STAFF_LABELS[target.status]
        raise MergeNotAllowed(
            Localized(
                f"O chamado de destino nº {target.number} está «{label.pt_br}»; só é possível "
                "unificar a um chamado em atendimento.",
                f"Target ticket #{target.number} is «{label.en}»; tickets can only be merged "
                "into a ticket that is still in progress.",
            )
        )
    check_transition(source.status, TicketStatus.MERGED)
    if source.requester_id != target.requester_id and not different_requesters_confirmed:
        raise MergeNeedsConfirmation(_other_requester(source, target))
    new_target, target_events = _receive_comments(target, source, actor=actor, now=now)
    new_source = record_changes(
        source,
        actor=actor,
        at=now,
        changes={"status": TicketStatus.MERGED, "merged_into": target.number},
        activity=True,
    )
    source_events: tuple[TicketEvent, ...] = (
        TicketStatusChanged(
            ticket_number=source.number,
            requester_id=source.requester_id,
            occurred_at=now,
            actor=actor,
            from_status=source.status,
            to_status=TicketStatus.MERGED,
        ),
        TicketMerged(
            ticket_number=source.number,
            requester_id=source.requester_id,
            occurred_at=now,
            actor=actor,
            target_number=target.number,
            target_requester_id=target.requester_id,
        ),
    )
    return MergeOutcome(new_source, new_target, source_events, target_events)


def _receive_comments(
    target: Ticket, source: Ticket, *, actor: Actor, now: datetime
) -> tuple[Ticket, tuple[TicketEvent, ...]]:
    if target.has_comments_merged_from(source.number) or not source.comments:
        return target, ()
    first_seq = len(target.comments) + 1
    private = source.requester_id != target.requester_id
    copies = tuple(
        _copy(comment, f"{target.number}-{first_seq + i}", source.number, private=private)
        for i, comment in enumerate(source.comments)
    )
    comments = tuple(sorted((*target.comments, *copies), key=lambda c: c.created_at))
    changed = record_changes(
        target, actor=actor, at=now, changes={}, untracked={"comments": comments}, activity=True
    )
    updated = TicketUpdated(
        ticket_number=target.number,
        requester_id=target.requester_id,
        occurred_at=now,
        actor=actor,
        changes=(FieldChange("comments", str(len(target.comments)), str(len(comments))),),
    )
    return changed, (updated,)


def _copy(comment: Comment, new_id: str, source_number: int, *, private: bool) -> Comment:
    update: dict[str, object] = {"id": new_id, "merged_from": source_number}
    if private:  # another requester's words: for the agents only
        update["visibility"] = Visibility.INTERNAL
    return comment.model_copy(update=update)


def _other_requester(source: Ticket, target: Ticket) -> Localized:
    return Localized(
        f"Os chamados nº {source.number} e nº {target.number} são de clientes diferentes. Para "
        "unificá-los, envie «confirm_different_requesters»: true; as mensagens do chamado "
        f"nº {source.number} ficarão como notas internas, sem aparecer ao outro cliente.",
        f"Tickets #{source.number} and #{target.number} have different requesters. To merge "
        "them, send «confirm_different_requesters»: true; the messages of ticket "
        f"#{source.number} become internal notes, never shown to the other customer.",
    )
