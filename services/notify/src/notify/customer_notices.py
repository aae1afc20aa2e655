"""The requests customer.* events cause: messages about a customer's account, not a ticket."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from helpdesk_contracts.events.customers import CustomerMagicLinkRequested
from notify.domain.contacts import Contact
from notify.domain.kinds import NotificationKind
from notify.domain.notifications import NotificationRequest
from notify.notices import Notice


def magic_link_notice(
    event_id: UUID, event: CustomerMagicLinkRequested, occurred_at: datetime
) -> Notice:
    """The sign-in link, by email to the address it was asked for, in the contact's language."""
    minutes = max(1, round((event.expires_at - occurred_at).total_seconds() / 60))
    recipient = Contact(
        contact_id=event.contact_id,
        name=event.name or "",
        email=str(event.email),
        language=event.language,
    )
    request = NotificationRequest(
        event_id=event_id,
        kind=NotificationKind.MAGIC_LINK,
        ticket_number=None,
        recipients=(recipient,),
        language=event.language,
        parameters={"sign_in_url": event.link, "valid_minutes": minutes},
    )
    return Notice(request=request)
