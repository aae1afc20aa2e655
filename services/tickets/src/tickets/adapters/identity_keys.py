"""Identity keys as the contact store keeps them: text form, which keys a sender gives, their
order of preference, and the phones a contact lists."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable

from helpdesk_contracts.common import Person
from tickets.domain.contacts import Contact
from tickets.domain.errors import InvalidContactIdentity
from tickets.domain.identities import (
    IdentityKey,
    IdentityKind,
    identity_keys_for,
    normalize_phone,
)

_PREFERENCE = (IdentityKind.EXTERNAL_ID, IdentityKind.EMAIL, IdentityKind.WHATSAPP)


def key_text(key: IdentityKey) -> str:
    return f"{key.kind.value}:{key.value}"


def person_keys(person: Person) -> frozenset[IdentityKey]:
    """The sender's identity keys; a value that cannot identify anyone is left out."""
    keys: set[IdentityKey] = set()
    fields = {
        "email": person.email,
        "phone": person.phone,
        "whatsapp_id": person.whatsapp_id,
        "external_id": person.external_id,
    }
    for name, value in fields.items():
        if value:
            with contextlib.suppress(InvalidContactIdentity):
                keys |= identity_keys_for(**{name: value})
    return frozenset(keys)


def ranked(keys: Iterable[IdentityKey]) -> list[IdentityKey]:
    return sorted(keys, key=lambda k: _PREFERENCE.index(k.kind) if k.kind in _PREFERENCE else 9)


def with_phone_twins(keys: frozenset[IdentityKey]) -> frozenset[IdentityKey]:
    """A WhatsApp id Meta signed also claims its number as a phone (agents find callers by it)."""
    twins = (
        identity_keys_for(whatsapp_id=k.value) for k in keys if k.kind is IdentityKind.WHATSAPP
    )
    return keys.union(*twins)


def stated_phones(person: Person, contact: Contact) -> list[str]:
    """A phone the sender gave that the contact does not list yet (data, not an identity)."""
    if not person.phone:
        return []
    try:
        phone = normalize_phone(person.phone)
    except InvalidContactIdentity:
        return []
    return [] if phone in contact.phones else [phone]


def union_of(values: tuple[str, ...], keys: list[IdentityKey], kind: IdentityKind) -> list[str]:
    added = [k.value for k in keys if k.kind is kind]
    if kind is IdentityKind.PHONE:  # a WhatsApp id also claims "+<digits>", not always a phone
        added = [v for v in added if is_phone(v)]
    return list(dict.fromkeys((*values, *added)))


def is_phone(value: str) -> bool:
    try:
        normalize_phone(value)
    except InvalidContactIdentity:
        return False
    return True
