"""Who an inbound message is from: the contact (found by any identity, created when new), linked
to the organization whose CNPJ the web form gave, with the language the customer chose.

A form's organization links a contact that has none yet; a contact already linked stays with
its organization (the form is the customer's word; moving people between companies is an
agent's decision, `PATCH /v1/contacts/{id}`). A company name without a CNPJ links nothing: two
spellings of one name would become two organizations.
"""

from __future__ import annotations

from datetime import datetime

import structlog

from helpdesk_contracts.common import Person
from helpdesk_contracts.events.intake import FormDetails, MessageReceived
from tickets.adapters.contact_store import ResolvedContact
from tickets.adapters.identity_keys import key_text, person_keys
from tickets.domain.errors import InvalidOrganization
from tickets.domain.identities import IdentityKey
from tickets.service import Dependencies

log = structlog.get_logger(__name__)


async def resolve_sender(
    deps: Dependencies, event: MessageReceived, *, now: datetime
) -> ResolvedContact:
    """The sender's contact (created in the message's language when new); a known contact
    takes the language this message was written in."""
    organization_id = await _form_organization(deps, event.form, now=now)
    contact, created = await deps.contacts.resolve(
        event.sender,
        now=now,
        organization_id=organization_id,
        identified_by=channel_identity(event),
        language=event.language,
    )
    if event.language and event.language != contact.language:
        contact = await deps.contacts.set_language(contact, event.language)
    return ResolvedContact(contact, created)


def channel_identity(event: MessageReceived) -> frozenset[IdentityKey]:
    """The identity keys that may find or join a contact for this message.

    WhatsApp: the sender's WhatsApp id, which Meta signs. E-mail, web form and chat: the e-mail
    address the channel answers to, the same address every notice and sign-in link goes to, so
    naming someone else's address gets the sender nothing of theirs (reading needs the link
    mailed there). A phone typed on a form or an address typed in chat beside it is never a
    key: it cannot send a message to another customer's contact or join two contacts.
    """
    sender = event.sender
    if event.channel == "whatsapp":
        return person_keys(Person(whatsapp_id=sender.whatsapp_id))
    return person_keys(Person(email=sender.email))


def requester_key(event: MessageReceived) -> str:
    """What a sender's messages are applied one at a time under: the identity that finds their
    contact, known before any lookup; a message without one is only kept from its own copies."""
    keys = sorted(key_text(key) for key in channel_identity(event))
    return f"sender:{','.join(keys)}" if keys else f"inbound:{event.inbound_id}"


async def _form_organization(
    deps: Dependencies, form: FormDetails | None, *, now: datetime
) -> str | None:
    stated = form.organization if form else None
    if stated is None or not stated.cnpj:
        return None
    try:
        organization = await deps.organizations.find_or_add(
            name=stated.name.strip() or stated.cnpj, cnpj=stated.cnpj, now=now
        )
    except InvalidOrganization:  # intake checks it too; a bad one must not stop the message
        log.warning("web form CNPJ refused; contact not linked", cnpj=stated.cnpj)
        return None
    return organization.id
