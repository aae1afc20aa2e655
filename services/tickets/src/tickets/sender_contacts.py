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

from helpdesk_contracts.events.intake import FormDetails, MessageReceived
from tickets.domain.contacts import Contact
from tickets.domain.errors import InvalidOrganization
from tickets.service import Dependencies

log = structlog.get_logger(__name__)


async def resolve_sender(deps: Dependencies, event: MessageReceived, *, now: datetime) -> Contact:
    organization_id = await _form_organization(deps, event.form, now=now)
    contact = await deps.contacts.resolve(event.sender, now=now, organization_id=organization_id)
    if event.language and event.language != contact.language:
        contact = await deps.contacts.update(contact.id, {"language": event.language}) or contact
    return contact


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
