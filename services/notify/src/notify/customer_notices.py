"""The requests customer.* (and staff.sign_in_link_requested) events cause: messages about a
person's account, not a ticket."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from helpdesk_contracts.events.customers import (
    CustomerEmailCodeRequested,
    CustomerMagicLinkRequested,
)
from helpdesk_contracts.events.staff import StaffSignInLinkRequested
from notify.domain.contacts import Contact, staff_contact_id
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


def staff_sign_in_notice(
    event_id: UUID, event: StaffSignInLinkRequested, occurred_at: datetime
) -> Notice:
    """The analysts' workspace sign-in link, by email to the staff member's directory address."""
    parameters: dict[str, str | int] = {
        "sign_in_url": event.link,
        "valid_minutes": _minutes(event, occurred_at),
    }
    contact_id = staff_contact_id(event.agent_id)
    return _answer(event_id, NotificationKind.STAFF_SIGN_IN_LINK, event, contact_id, parameters)


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


Requested = CustomerMagicLinkRequested | CustomerEmailCodeRequested | StaffSignInLinkRequested


def _minutes(event: Requested, occurred_at: datetime) -> int:
    return max(1, round((event.expires_at - occurred_at).total_seconds() / 60))


def _answer(
    event_id: UUID,
    kind: NotificationKind,
    event: Requested,
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
