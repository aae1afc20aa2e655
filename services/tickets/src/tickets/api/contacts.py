"""Agent API for contacts: look them up, link them to an organization, merge two into one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, EmailStr, Field

from helpdesk_runtime.problem_details import problem_responses
from tickets import contact_merge
from tickets.api.auth import Deps, Leader, Staff, agent_actor
from tickets.api.organizations import organization_view
from tickets.api.pagination import Cursor, Limit, page_of
from tickets.api.views import JSON
from tickets.app_errors import UnknownReference
from tickets.contract_events import Cause
from tickets.domain.contacts import Contact
from tickets.domain.errors import ContactMergeConflict
from tickets.domain.language import LanguageTag, Localized

router = APIRouter(prefix="/v1/contacts", tags=["contacts"], responses=problem_responses(409))


class ContactEdit(BaseModel):
    """Only the fields present change; `organization_id: null` unlinks the organization."""

    name: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    organization_id: str | None = None
    language: LanguageTag | None = Field(default=None, description="Language of what we send")


class MergeRequest(BaseModel):
    source: str = Field(
        min_length=1, description="Contact merged into this one: its identities and tickets move"
    )


def contact_view(contact: Contact) -> JSON:
    return contact.model_dump(mode="json", exclude={"merged_at", "merged_by"})


async def contact_detail(deps: Deps, contact: Contact) -> JSON:
    """The contact with its organization and the audit of the contacts merged into it."""
    organization = (
        await deps.organizations.get(contact.organization_id) if contact.organization_id else None
    )
    absorbed = await deps.contact_merges.absorbed_by(contact.id)
    return {
        **contact_view(contact),
        "organization": organization_view(organization) if organization else None,
        "merged_from": [
            {
                "contact_id": c.id,
                "merged_at": c.merged_at.isoformat() if c.merged_at else None,
                "merged_by": c.merged_by.model_dump(mode="json") if c.merged_by else None,
            }
            for c in absorbed
        ],
    }


@router.get("", summary="Contacts of an organization, or the one with an email address")
async def list_contacts(
    deps: Deps,
    _: Staff,
    organization: str | None = None,
    email: EmailStr | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSON:
    if email is not None:
        found = await deps.contacts.find_by_email(str(email))
        return {"items": [contact_view(found)] if found else [], "next_cursor": None}
    listed = await deps.contacts.page(organization_id=organization, limit=limit + 1, after=cursor)
    page, next_cursor = page_of(listed, limit, lambda c: c.id)
    return {"items": [contact_view(c) for c in page], "next_cursor": next_cursor}


@router.get("/{contact_id}", summary="One contact with its identities, organization and merges")
async def get_contact(contact_id: str, deps: Deps, _: Staff) -> JSON:
    return await contact_detail(deps, await contact_merge.known_contact(deps, contact_id))


@router.patch("/{contact_id}", summary="Link to an organization, set name or language")
async def edit_contact(contact_id: str, body: ContactEdit, deps: Deps, _: Staff) -> JSON:
    contact = await contact_merge.known_contact(deps, contact_id)
    if contact.merged_into:
        raise ContactMergeConflict(
            Localized(
                f"O contato {contact_id} foi unificado ao {contact.merged_into}; altere aquele.",
                f"Contact {contact_id} was merged into {contact.merged_into}; edit that one.",
            )
        )
    fields = body.model_dump(exclude_unset=True)
    if fields.get("name", "") is None:  # a contact always has a name, possibly empty
        del fields["name"]
    organization_id = fields.get("organization_id")
    if organization_id and await deps.organizations.get(organization_id) is None:
        raise UnknownReference(
            Localized(
                f"Organização {organization_id} não existe.",
                f"Organization {organization_id} does not exist.",
            )
        )
    updated = await deps.contacts.update(contact_id, fields) if fields else contact
    return await contact_detail(deps, updated or contact)


@router.post("/{contact_id}/merge", summary="Merge another contact into this one (leader+)")
async def merge_contact(contact_id: str, body: MergeRequest, deps: Deps, who: Leader) -> JSON:
    """The source's emails, phones, WhatsApp ids, "ID Suporte" and tickets move here; its later
    messages land here. Repeating the same merge changes nothing more."""
    survivor = await contact_merge.merge_contacts(
        deps, survivor_id=contact_id, absorbed_id=body.source, actor=agent_actor(who), cause=Cause()
    )
    return await contact_detail(deps, survivor)
