"""Contacts (requesters): who a message comes from, whatever the channel.

A person is one contact however they write (email, WhatsApp, web form). Two contacts sharing an
identity key are the same person and can be merged; two different "ID Suporte" never are.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import AwareDatetime, ValidationInfo, field_validator

from tickets.domain.errors import ContactMergeConflict, InvalidContactIdentity
from tickets.domain.identities import (
    IdentityKey,
    IdentityKind,
    identity_keys_for,
    normalize_email,
    normalize_phone,
    normalize_whatsapp_id,
)
from tickets.domain.language import Localized
from tickets.domain.model import DomainModel

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
    created_at: AwareDatetime
    merged_into: str | None = None

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
    if a.id == b.id or a.merged_into or b.merged_into:
        raise ContactMergeConflict(
            Localized(
                "Estes contatos não podem ser unificados (são o mesmo ou um já foi unificado).",
                "These contacts cannot be merged (same contact, or one was already merged).",
            )
        )
    if a.external_id and b.external_id and a.external_id != b.external_id:
        raise ContactMergeConflict(
            Localized(
                "Os contatos têm IDs Suporte diferentes e são clientes distintos.",
                "The contacts have different support customer ids and are different customers.",
            )
        )
    keep, drop = sorted((a, b), key=lambda c: (c.external_id is None, c.created_at, c.id))
    survivor = keep.model_copy(
        update={
            "name": keep.name or drop.name,
            "emails": _union(keep.emails, drop.emails),
            "phones": _union(keep.phones, drop.phones),
            "whatsapp_ids": _union(keep.whatsapp_ids, drop.whatsapp_ids),
            "external_id": keep.external_id or drop.external_id,
            "organization_id": keep.organization_id or drop.organization_id,
        }
    )
    absorbed = drop.model_copy(update={"merged_into": keep.id})
    return ContactMerge(survivor=survivor, absorbed=absorbed)


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))
