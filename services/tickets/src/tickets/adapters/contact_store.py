"""Contacts and their identity keys: one `contact_identities` document per key (`_id` is the
key, so a key belongs to one contact only, on MongoDB and FerretDB alike)."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable
from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.common import Person, Requester
from helpdesk_runtime.database import Document
from tickets.domain.contacts import Contact
from tickets.domain.errors import InvalidContactIdentity
from tickets.domain.identities import (
    IdentityKey,
    IdentityKind,
    identity_keys_for,
    normalize_phone,
)

_CONTACTS = uuid.UUID("6c1f3a52-3f0e-4c3e-9a51-1d7e2f0b8a10")
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


def requester_of(contact: Contact) -> Requester:
    return Requester(
        contact_id=contact.id,
        name=contact.name or None,
        email=contact.emails[0] if contact.emails else None,
        phone=contact.phones[0] if contact.phones else None,
        whatsapp_id=contact.whatsapp_ids[0] if contact.whatsapp_ids else None,
        language=contact.language or "pt-BR",
    )


class ContactStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._contacts = database["contacts"]
        self._identities = database["contact_identities"]

    async def ensure_indexes(self) -> None:
        await self._identities.create_index("contact_id")
        await self._contacts.create_index([("organization_id", 1), ("_id", 1)])
        await self._contacts.create_index("merged_into")

    async def get(self, contact_id: str) -> Contact | None:
        document = await self._contacts.find_one({"_id": contact_id})
        return contact_from(document) if document else None

    async def current(self, contact_id: str) -> Contact | None:
        """The contact, or the one it was merged into (following every merge since)."""
        contact = await self.get(contact_id)
        return await self._survivor(contact) if contact else None

    async def find_by_email(self, email: str) -> Contact | None:
        keys = person_keys(Person(email=email))
        return await self._owner(keys)

    async def resolve(
        self, person: Person, *, now: datetime, organization_id: str | None = None
    ) -> Contact:
        """The contact the sender is (found by any identity key), created when new; keys the
        contact did not have yet are added to it."""
        keys = person_keys(person)
        contact = await self._owner(keys)
        if contact is None:
            contact = await self._create(person, keys, now=now, organization_id=organization_id)
        missing = [k for k in keys if k not in contact.identity_keys()]
        if missing or (organization_id and not contact.organization_id):
            contact = await self._extend(contact, missing, person, organization_id)
        return contact

    async def _owner(self, keys: Iterable[IdentityKey]) -> Contact | None:
        ranked = sorted(
            keys, key=lambda k: _PREFERENCE.index(k.kind) if k.kind in _PREFERENCE else 9
        )
        for key in ranked:
            identity = await self._identities.find_one({"_id": key_text(key)})
            if identity and (contact := await self.current(identity["contact_id"])):
                return contact
        return None

    async def _survivor(self, contact: Contact) -> Contact:
        while contact.merged_into and (survivor := await self.get(contact.merged_into)):
            contact = survivor
        return contact

    async def update(self, contact_id: str, fields: Document) -> Contact | None:
        """Set `fields` (organization, language, name) on the contact; None when unknown."""
        await self._contacts.update_one({"_id": contact_id}, {"$set": fields})
        return await self.get(contact_id)

    async def page(
        self, *, organization_id: str | None, limit: int, after: str | None
    ) -> list[Contact]:
        """Contacts in id order (of one organization when given); merged ones left out."""
        query: Document = {"merged_into": None}
        if organization_id is not None:
            query["organization_id"] = organization_id
        if after:
            query["_id"] = {"$gt": after}
        cursor = self._contacts.find(query).sort("_id", 1).limit(limit)
        return [contact_from(d) async for d in cursor]

    async def _create(
        self,
        person: Person,
        keys: frozenset[IdentityKey],
        *,
        now: datetime,
        organization_id: str | None,
    ) -> Contact:
        # The id follows from the sender's main key, so a redelivery after a crash finds it again.
        seed = key_text(min(keys)) if keys else uuid.uuid4().hex
        contact = Contact(
            id=f"c-{uuid.uuid5(_CONTACTS, seed).hex[:20]}",
            name=person.name or "",
            external_id=person.external_id,
            organization_id=organization_id,
            created_at=now,
        )
        with contextlib.suppress(DuplicateKeyError):
            await self._contacts.insert_one({"_id": contact.id, **_fields(contact)})
        return await self.get(contact.id) or contact

    async def _extend(
        self,
        contact: Contact,
        keys: list[IdentityKey],
        person: Person,
        organization_id: str | None,
    ) -> Contact:
        claimed: list[IdentityKey] = []
        for key in keys:
            try:
                await self._identities.insert_one({"_id": key_text(key), "contact_id": contact.id})
                claimed.append(key)
            except DuplicateKeyError:  # another contact already owns it: keep theirs
                continue
        update = {
            "emails": _union(contact.emails, claimed, IdentityKind.EMAIL),
            "phones": _union(contact.phones, claimed, IdentityKind.PHONE),
            "whatsapp_ids": _union(contact.whatsapp_ids, claimed, IdentityKind.WHATSAPP),
            "name": contact.name or person.name or "",
            "external_id": contact.external_id or person.external_id,
            "organization_id": contact.organization_id or organization_id,
        }
        await self._contacts.update_one({"_id": contact.id}, {"$set": update})
        return contact.model_copy(update=update)


def _union(values: tuple[str, ...], keys: list[IdentityKey], kind: IdentityKind) -> list[str]:
    added = [k.value for k in keys if k.kind is kind]
    if kind is IdentityKind.PHONE:  # a WhatsApp id also claims "+<digits>", not always a phone
        added = [v for v in added if _is_phone(v)]
    return list(dict.fromkeys((*values, *added)))


def _is_phone(value: str) -> bool:
    try:
        normalize_phone(value)
    except InvalidContactIdentity:
        return False
    return True


def _fields(contact: Contact) -> Document:
    return contact.model_dump(mode="python", exclude={"id"})


def contact_from(document: Document) -> Contact:
    return Contact.model_validate({"id": document["_id"], **_without_id(document)})


def _without_id(document: Document) -> Document:
    return {k: v for k, v in document.items() if k != "_id"}
