"""Contacts and their identity keys: one `contact_identities` document per key (`_id` is the
key, so a key belongs to one contact only, on MongoDB and FerretDB alike).

Contact ids are random (`c-` and 80 random bits): nothing public (an e-mail address, a phone)
leads to one. A new contact's first identity key is claimed before the contact is written, so
two messages of a new sender at once, or a redelivery after a crash in between, find the same
contact through the key (every lookup by address goes through this index). A known sender is
found in one command (the key joined to its contact with `$lookup`); a new one costs the key's
claim and the contact's insert.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.common import Person, Requester
from helpdesk_runtime.database import Document
from tickets.adapters.identity_keys import (
    key_text,
    person_keys,
    ranked,
    stated_phones,
    union_of,
    with_phone_twins,
)
from tickets.domain.contacts import Contact
from tickets.domain.identities import (
    IdentityKey,
    IdentityKind,
)
from tickets.domain.language import LanguageTag


def requester_of(contact: Contact) -> Requester:
    return Requester(
        contact_id=contact.id,
        name=contact.name or None,
        email=contact.emails[0] if contact.emails else None,
        phone=contact.phones[0] if contact.phones else None,
        whatsapp_id=contact.whatsapp_ids[0] if contact.whatsapp_ids else None,
        language=contact.language or "pt-BR",
    )


class ResolvedContact(NamedTuple):
    contact: Contact
    # Made now by claiming its identity key: nothing of this contact's (a ticket, an applied
    # message) can exist yet, so the caller may skip looking for it.
    created: bool


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
        self,
        person: Person,
        *,
        now: datetime,
        organization_id: str | None = None,
        identified_by: frozenset[IdentityKey] | None = None,
        language: LanguageTag | None = None,
    ) -> ResolvedContact:
        """The contact found by an identity key of `identified_by` (default: every key of
        `person`, as an agent entered it), created when new (in `language`); those keys are
        claimed for it when free. The rest of `person` (name, a phone typed on a form) is kept
        on the contact as data: it never finds or joins a contact."""
        keys = person_keys(person) if identified_by is None else identified_by
        contact, created = await self._owner(keys), False
        if contact is None:
            contact, created = await self._create(
                person, keys, now=now, organization_id=organization_id, language=language
            )
        missing = [k for k in with_phone_twins(keys) if k not in contact.identity_keys()]
        stated = stated_phones(person, contact)
        if missing or stated or (organization_id and not contact.organization_id):
            contact = await self._extend(contact, missing, person, organization_id, stated)
        return ResolvedContact(contact, created)

    async def _owner(self, keys: Iterable[IdentityKey]) -> Contact | None:
        for key in ranked(keys):
            joined = {"from": "contacts", "localField": "contact_id", "foreignField": "_id"}
            pipeline = [{"$match": {"_id": key_text(key)}}, {"$lookup": {**joined, "as": "c"}}]
            async for identity in await self._identities.aggregate(pipeline):
                if identity["c"]:
                    return await self._survivor(contact_from(identity["c"][0]))
        return None

    async def _survivor(self, contact: Contact) -> Contact:
        while contact.merged_into and (survivor := await self.get(contact.merged_into)):
            contact = survivor
        return contact

    async def update(self, contact_id: str, fields: Document) -> Contact | None:
        """Set `fields` (organization, language, name) on the contact; None when unknown."""
        await self._contacts.update_one({"_id": contact_id}, {"$set": fields})
        return await self.get(contact_id)

    async def set_language(self, contact: Contact, language: LanguageTag) -> Contact:
        """`contact` in `language` from now on (no read back: only that field changes)."""
        await self._contacts.update_one({"_id": contact.id}, {"$set": {"language": language}})
        return contact.model_copy(update={"language": language})

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
        language: LanguageTag | None,
    ) -> tuple[Contact, bool]:
        """The new contact, and whether this call claimed its key (made it)."""
        contact_id, won = f"c-{secrets.token_hex(10)}", not keys
        owned: list[IdentityKey] = []
        if keys:  # the key first: whoever claims it names the contact (see module doc)
            main = ranked(keys)[0]
            try:
                await self._identities.insert_one({"_id": key_text(main), "contact_id": contact_id})
                won, owned = True, [main]
            except DuplicateKeyError:
                claimed = await self._identities.find_one({"_id": key_text(main)})
                contact_id = str(claimed["contact_id"]) if claimed else contact_id
        contact = Contact(
            id=contact_id,
            name=person.name or "",
            emails=union_of((), owned, IdentityKind.EMAIL),
            phones=union_of((), owned, IdentityKind.PHONE),
            whatsapp_ids=union_of((), owned, IdentityKind.WHATSAPP),
            external_id=person.external_id,
            organization_id=organization_id,
            language=language,
            created_at=now,
        )
        # A phone typed beside the address is kept in the same write (data, not a key).
        typed = stated_phones(person, contact)
        contact = contact.model_copy(update={"phones": (*contact.phones, *typed)})
        fields = {"$setOnInsert": _fields(contact)}
        await self._contacts.update_one({"_id": contact.id}, fields, upsert=True)
        # The contact is ours with its claimed key and typed phone listed (nothing to extend);
        # when another writer claimed the key first, theirs is read back.
        if won:
            return contact, bool(owned)
        return await self.current(contact.id) or contact, False

    async def _extend(
        self,
        contact: Contact,
        keys: list[IdentityKey],
        person: Person,
        organization_id: str | None,
        stated_phones: list[str],
    ) -> Contact:
        claimed: list[IdentityKey] = []
        for key in keys:
            try:
                await self._identities.insert_one({"_id": key_text(key), "contact_id": contact.id})
                claimed.append(key)
            except DuplicateKeyError:  # ours already (claimed at creation), or theirs: keep it
                owner = await self._identities.find_one({"_id": key_text(key)})
                if owner is not None and owner.get("contact_id") == contact.id:
                    claimed.append(key)
        update = {
            "emails": union_of(contact.emails, claimed, IdentityKind.EMAIL),
            "phones": list(
                dict.fromkeys(union_of(contact.phones, claimed, IdentityKind.PHONE) + stated_phones)
            ),
            "whatsapp_ids": union_of(contact.whatsapp_ids, claimed, IdentityKind.WHATSAPP),
            "name": contact.name or person.name or "",
            "external_id": contact.external_id or person.external_id,
            "organization_id": contact.organization_id or organization_id,
        }
        await self._contacts.update_one({"_id": contact.id}, {"$set": update})
        return contact.model_copy(update=update)


def _fields(contact: Contact) -> Document:
    return contact.model_dump(mode="python", exclude={"id"})


def contact_from(document: Document) -> Contact:
    return Contact.model_validate({"id": document["_id"], **_without_id(document)})


def _without_id(document: Document) -> Document:
    return {k: v for k, v in document.items() if k != "_id"}
