"""Applying field changes to a ticket while writing who changed what into its history."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum

from pydantic import BaseModel

from tickets.domain.model import Actor, AuditEntry, Ticket


def audit_text(value: object) -> str | None:
    """How a field value reads in the audit history."""
    if value is None:
        return None
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, BaseModel):
        return value.model_dump_json()
    if isinstance(value, tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def record_changes(
    ticket: Ticket,
    *,
    actor: Actor,
    at: datetime,
    changes: Mapping[str, object],
    untracked: Mapping[str, object] | None = None,
    activity: bool = False,
) -> Ticket:
    """A new version of `ticket` with `changes` applied and audited, plus `untracked` fields
    (comments, timestamps) applied without an audit line. `activity` bumps last_activity_at."""
    entries = tuple(
        AuditEntry(
            at=at,
            actor=actor,
            field=field,
            old=audit_text(getattr(ticket, field)),
            new=audit_text(new),
        )
        for field, new in changes.items()
        if getattr(ticket, field) != new
    )
    update: dict[str, object] = {**changes, **(untracked or {})}
    update["history"] = ticket.history + entries
    update["version"] = ticket.version + 1
    update["updated_at"] = at
    if activity:
        update["last_activity_at"] = at
    return ticket.model_copy(update=update)
