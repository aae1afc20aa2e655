"""Organizations (customer companies). An organization with a CNPJ has an id that follows from
it, so one CNPJ is one organization on MongoDB and FerretDB alike (the `_id` is unique)."""

from __future__ import annotations

import uuid
from datetime import datetime

from pymongo import ReturnDocument
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.database import Document
from tickets.domain.organizations import Organization, normalize_cnpj

_ORGANIZATIONS = uuid.UUID("0b6d3c8e-5f7a-4c21-9e0d-2a4b6c8d0e1f")


class DuplicateCnpj(Exception):
    def __init__(self, existing: Organization) -> None:
        super().__init__(f"CNPJ {existing.cnpj} belongs to {existing.id}")
        self.existing = existing


def organization_id_for(cnpj: str | None) -> str:
    seed = uuid.uuid5(_ORGANIZATIONS, cnpj) if cnpj else uuid.uuid4()
    return f"o-{seed.hex[:20]}"


class OrganizationStore:
    """Every lookup goes by `_id` (a CNPJ's lookup too), so no index beyond `_id` is needed."""

    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._organizations = database["organizations"]

    async def add(
        self, *, name: str, cnpj: str | None, now: datetime, contract_level: str | None = None
    ) -> Organization:
        """A new organization; DuplicateCnpj when one already has this (normalized) CNPJ."""
        normalized = normalize_cnpj(cnpj) if cnpj else None
        organization = Organization(
            id=organization_id_for(normalized),
            name=name,
            cnpj=normalized,
            contract_level=contract_level,
        )
        fields = organization.model_dump(mode="python", exclude={"id"})
        try:
            await self._organizations.insert_one(
                {"_id": organization.id, **fields, "created_at": now}
            )
        except DuplicateKeyError:
            existing = await self.get(organization.id)
            if existing is None:  # removed in between: not expected, let the caller retry
                raise
            raise DuplicateCnpj(existing) from None
        return organization

    async def find_or_add(self, *, name: str, cnpj: str, now: datetime) -> Organization:
        """The organization with this CNPJ, created with `name` when it is new."""
        try:
            return await self.add(name=name, cnpj=cnpj, now=now)
        except DuplicateCnpj as duplicate:
            return duplicate.existing

    async def get(self, organization_id: str) -> Organization | None:
        document = await self._organizations.find_one({"_id": organization_id})
        return _organization(document) if document else None

    async def set_contract_level(
        self, organization_id: str, contract_level: str | None
    ) -> Organization | None:
        """The organization with its new contract level; None when there is none with that id."""
        document = await self._organizations.find_one_and_update(
            {"_id": organization_id},
            {"$set": {"contract_level": contract_level}},
            return_document=ReturnDocument.AFTER,
        )
        return _organization(document) if document else None

    async def contract_level(self, organization_id: str | None) -> str | None:
        """The contract level new tickets of this organization's people are judged by."""
        if organization_id is None:
            return None
        found = await self.get(organization_id)
        return found.contract_level if found else None

    async def by_cnpj(self, cnpj: str) -> Organization | None:
        """InvalidOrganization when `cnpj` is not a valid CNPJ (in any punctuation)."""
        return await self.get(organization_id_for(normalize_cnpj(cnpj)))

    async def page(self, *, limit: int, after: str | None) -> list[Organization]:
        query: Document = {"_id": {"$gt": after}} if after else {}
        cursor = self._organizations.find(query).sort("_id", 1).limit(limit)
        return [_organization(d) async for d in cursor]


def _organization(document: Document) -> Organization:
    values = {k: v for k, v in document.items() if k in Organization.model_fields}
    return Organization.model_validate({**values, "id": document["_id"]})
