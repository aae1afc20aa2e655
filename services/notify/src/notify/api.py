"""HTTP API for staff: the delivery log of a ticket and contacts' channel preferences."""

# No postponed annotations: FastAPI reads `Caller` below, a type built inside notify_router.

import base64
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from helpdesk_runtime.database import Document
from helpdesk_runtime.problem_details import problem_responses
from helpdesk_runtime.staff_directory import StaffCredential
from notify.dependencies import NotifyDependencies
from notify.domain.contacts import Channel, ContactPreferences
from notify.preference_access import check_preferences_access
from notify.problems import Problem


class PreferencesBody(BaseModel):
    preferred_channels: list[Channel] = Field(
        default=[Channel.EMAIL, Channel.WHATSAPP], description="In order of preference"
    )
    opted_out: list[Channel] = Field(default=[], description="Channels never to be used")


def _encode_cursor(document: Document) -> str:
    raw = json.dumps([document["created_at"].isoformat(), document["_id"]])
    return base64.urlsafe_b64encode(raw.encode()).decode()


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    try:
        created_at, key = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created_at), str(key)
    except (ValueError, TypeError) as error:
        raise Problem(400, "Bad Request", "Cursor inválido.", "Invalid cursor.") from error


def _view(document: Document) -> dict[str, Any]:
    """A delivery as staff read it."""
    return {
        "delivery_key": document["_id"],
        "event_id": document["event_id"],
        "ticket_number": document["ticket_number"],
        "channel": document["channel"],
        "recipient": document["recipient"],
        "address": document.get("address"),
        "template": document["template"],
        "status": document["status"],
        "skip_reason": document.get("skip_reason"),
        "error_code": document.get("error_code"),
        "provider_message_id": document.get("provider_message_id"),
        "attempts": document.get("attempt_log", []),
        "status_history": document.get("history", []),
        "created_at": document["created_at"],
        "updated_at": document["updated_at"],
    }


def notify_router(
    deps: NotifyDependencies, verify_staff: Callable[..., Awaitable[StaffCredential]]
) -> APIRouter:
    router = APIRouter(prefix="/v1", dependencies=[Depends(verify_staff)], tags=["notify"])
    Caller = Annotated[StaffCredential, Depends(verify_staff)]  # noqa: N806 (a type)

    @router.get("/deliveries", responses=problem_responses(400))
    async def list_deliveries(
        ticket: str = Query(min_length=1, max_length=32, description="Protocol number"),
        limit: int = Query(default=50, ge=1, le=200),
        cursor: str | None = None,
    ) -> dict[str, Any]:
        """Every delivery of a ticket: channel, recipient, template, attempts and status history."""
        after = _decode_cursor(cursor) if cursor else None
        documents = await deps.deliveries.for_ticket(ticket, limit=limit, after=after)
        next_cursor = _encode_cursor(documents[-1]) if len(documents) == limit else None
        return {"items": [_view(d) for d in documents], "next_cursor": next_cursor}

    @router.put("/contacts/{contact_id}/preferences")
    async def set_preferences(
        contact_id: str,
        body: PreferencesBody,
        who: Caller,
    ) -> dict[str, Any]:
        """Channel order and opt-outs of a contact (a requester's contact id or staff:<id>).

        A staff member's own only, unless the caller is a manager or admin (else 403)."""
        check_preferences_access(who, contact_id)
        preferences = ContactPreferences(
            preferred_channels=tuple(dict.fromkeys(body.preferred_channels)),
            opted_out=frozenset(body.opted_out),
        )
        await deps.contacts.set_preferences(contact_id, preferences, datetime.now(UTC))
        return await preferences_view(contact_id)

    @router.get("/contacts/{contact_id}/preferences")
    async def get_preferences(contact_id: str, who: Caller) -> dict[str, Any]:
        """Channel order and opt-outs of a contact (same access rule as changing them)."""
        check_preferences_access(who, contact_id)
        return await preferences_view(contact_id)

    async def preferences_view(contact_id: str) -> dict[str, Any]:
        preferences = await deps.contacts.preferences(contact_id)
        return {
            "contact_id": contact_id,
            "preferred_channels": [c.value for c in preferences.preferred_channels],
            "opted_out": sorted(c.value for c in preferences.opted_out),
        }

    return router
