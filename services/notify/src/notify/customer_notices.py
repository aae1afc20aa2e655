"""The requests customer.* events cause: messages about a customer's account, not a ticket."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from helpdesk_contracts.events.customers import (
    CustomerEmailCodeRequested,
    CustomerMagicLinkRequested,
)
from notify.domain.contacts import Contact
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.notices import Notice


def magic_link_notice(
    event_id: UUID, event: CustomerMagicLinkRequested, occurred_at: datetime
) -> Notice:
    """The sign-in link, by email to the address it was asked for, in the contact's language."""
    parameters: dict[str, str | int] = {
        "sign_in_url": event.link,
        "valid_minutes": _minutes(event, occurred_at),
    }
    return _answer(event_id, NotificationKind.MAGIC_LINK, event, event.contact_id, parameters)


def email_code_notice(
    event_id: UUID, event: CustomerEmailCodeRequested, occurred_at: datetime
) -> Notice:
    """The chat's one-time code, by email to the address the chat customer typed (only the owner
    of that mailbox can type it back)."""
    parameters: dict[str, str | int] = {
        "code": event.code,
        "valid_minutes": _minutes(event, occurred_at),
    }
    contact_id = f"chat-{event.session_id}"
    return _answer(event_id, NotificationKind.EMAIL_CODE, event, contact_id, parameters)


def _minutes(
    event: CustomerMagicLinkRequested | CustomerEmailCodeRequested, occurred_at: datetime
) -> int:
    return max(1, round((event.expires_at - occurred_at).total_seconds() / 60))


def _answer(
    event_id: UUID,
    kind: NotificationKind,
    event: CustomerMagicLinkRequested | CustomerEmailCodeRequested,
    contact_id: str,
    parameters: dict[str, str | int],
) -> Notice:
    """A message answering the customer's own request: to the address they gave, in its language."""
    recipient = Contact(
        contact_id=contact_id,
        name=event.name or "",
        email=str(event.email),
        language=event.language,
    )
    request = NotificationRequest(
        event_id=event_id,
        kind=kind,
        ticket_number=None,
        recipients=(recipient,),
        language=event.language,
        parameters=parameters,
    )
    return Notice(request=request)
