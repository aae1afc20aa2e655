"""Contacts (requesters): who a message comes from, whatever the channel.

A person is one contact however they write (email, WhatsApp, web form). Two contacts sharing an
identity key are the same person and can be merged; two different "ID Suporte" never are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import AwareDatetime, ValidationInfo, field_validator

from tickets.domain.errors import (
    ContactMergeConflict,
    InvalidContactIdentity,
    InvalidContactMerge,
)
from tickets.domain.identities import (
    IdentityKey,
    IdentityKind,
    identity_keys_for,
    normalize_email,
    normalize_phone,
    normalize_whatsapp_id,
)
from tickets.domain.language import LanguageTag, Localized
from tickets.domain.model import Actor, DomainModel

_NORMALIZERS: dict[str, Callable[[str], str]] = {
    "emails": normalize_email,
    "phones": normalize_phone,
    "whatsapp_ids": normalize_whatsapp_id,
}


class Contact(DomainModel):
    id: str
    name: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    whatsapp_ids: tuple[str, ...] = ()
    external_id: str | None = None  # "ID Suporte"
    organization_id: str | None = None
    language: LanguageTag | None = None  # the language they chose; None: not known
    created_at: AwareDatetime
    merged_into: str | None = None
    merged_at: AwareDatetime | None = None  # the audit of the merge that absorbed this contact
    merged_by: Actor | None = None

    @field_validator("emails", "phones", "whatsapp_ids")
    @classmethod
    def _normalized(cls, values: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        normalize = _NORMALIZERS[info.field_name or ""]
        try:
            return tuple(dict.fromkeys(normalize(v) for v in values))
        except InvalidContactIdentity as invalid:
            raise ValueError(invalid.reason.en) from invalid

    def identity_keys(self) -> frozenset[IdentityKey]:
        keys: set[IdentityKey] = set(identity_keys_for(external_id=self.external_id))
        keys.update(IdentityKey(IdentityKind.EMAIL, e) for e in self.emails)
        keys.update(IdentityKey(IdentityKind.PHONE, p) for p in self.phones)
        for wa_id in self.whatsapp_ids:
            keys.update(identity_keys_for(whatsapp_id=wa_id))
        return frozenset(keys)


def same_person(a: Contact, b: Contact) -> bool:
    """Whether the two contacts share an identity key."""
    return bool(a.identity_keys() & b.identity_keys())


@dataclass(frozen=True, slots=True)
class ContactMerge:
    """`survivor` now holds every identity of both; `absorbed` points to it (`merged_into`).
    The app re-points the absorbed contact's tickets to the survivor."""

    survivor: Contact
    absorbed: Contact


def decide_contact_merge(a: Contact, b: Contact) -> ContactMerge:
    """Merge two contacts into one: the one with an "ID Suporte" survives, else the older."""
    keep, drop = sorted((a, b), key=lambda c: (c.external_id is None, c.created_at, c.id))
    return merge_contact_into(keep, drop)


def merge_contact_into(survivor: Contact, absorbed: Contact) -> ContactMerge:
    """`absorbed` becomes part of `survivor`, which takes every identity it lacked (emails,
    phones, WhatsApp ids, "ID Suporte"); its own name, organization and language win.
    Merging an absorbed contact into its survivor again gives the same result."""
    _check_mergeable(survivor, absorbed)
    kept = survivor.model_copy(
        update={
            "name": survivor.name or absorbed.name,
            "emails": _union(survivor.emails, absorbed.emails),
            "phones": _union(survivor.phones, absorbed.phones),
            "whatsapp_ids": _union(survivor.whatsapp_ids, absorbed.whatsapp_ids),
            "external_id": survivor.external_id or absorbed.external_id,
            "organization_id": survivor.organization_id or absorbed.organization_id,
            "language": survivor.language or absorbed.language,
        }
    )
    return ContactMerge(
        survivor=kept, absorbed=absorbed.model_copy(update={"merged_into": survivor.id})
    )


def _check_mergeable(survivor: Contact, absorbed: Contact) -> None:
    if survivor.id == absorbed.id:
        raise InvalidContactMerge(
            Localized(
                "Um contato não pode ser unificado a ele mesmo.",
                "A contact cannot be merged into itself.",
            )
        )
    # Merging again into the same survivor is a repeat that finishes what the first began.
    again = absorbed.merged_into == survivor.id
    for contact in (survivor, absorbed):
        if contact.merged_into and not (contact is absorbed and again):
            raise ContactMergeConflict(
                Localized(
                    f"O contato {contact.id} já foi unificado ao contato {contact.merged_into}.",
                    f"Contact {contact.id} was already merged into {contact.merged_into}.",
                )
            )
    ids = (survivor.external_id, absorbed.external_id)
    if all(ids) and ids[0] != ids[1]:
        raise ContactMergeConflict(
            Localized(
                "Os contatos têm IDs Suporte diferentes e são clientes distintos.",
                "The contacts have different support customer ids and are different customers.",
            )
        )


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))
