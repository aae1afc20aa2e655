"""Agent API for organizations (customer companies) identified by CNPJ."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field, field_validator

from helpdesk_runtime.problem_details import problem_responses
from tickets.adapters.organization_store import DuplicateCnpj
from tickets.api.auth import Deps, Leader, Staff
from tickets.api.pagination import Cursor, Limit, page_of
from tickets.api.views import JSON
from tickets.app_errors import AppProblem, NotFound
from tickets.domain.errors import InvalidOrganization
from tickets.domain.language import Localized
from tickets.domain.organizations import Organization, normalize_cnpj

router = APIRouter(
    prefix="/v1/organizations", tags=["organizations"], responses=problem_responses(409)
)
Cnpj = Annotated[str, Field(max_length=30, description="00.000.000/0000-00, with or without dots")]


class OrganizationRequest(BaseModel):
    name: Annotated[str, Field(min_length=1, max_length=200)]
    cnpj: Cnpj | None = None

    @field_validator("cnpj")
    @classmethod
    def _valid_cnpj(cls, value: str | None) -> str | None:
        try:
            return normalize_cnpj(value) if value else None
        except InvalidOrganization as invalid:
            raise ValueError(invalid.reason.en) from None


ContractLevel = Annotated[
    str,
    Field(
        min_length=1,
        max_length=50,
        pattern=r"^[^\x00-\x1f\x7f]+$",
        description="The customer's plan (basico, premium…) the priority rules can name",
    ),
]


class ContractChange(BaseModel):
    contract_level: ContractLevel | None = Field(description="null: no contract level")


class OrganizationExists(AppProblem):
    status = 409
    code = "organization_exists"


def organization_view(organization: Organization) -> JSON:
    """The CNPJ as people read it, and its bare characters for integrations."""
    return {
        "id": organization.id,
        "name": organization.name,
        "cnpj": organization.formatted_cnpj,
        "cnpj_digits": organization.cnpj,
        "contract_level": organization.contract_level,
    }


def organization_not_found(organization_id: str) -> NotFound:
    return NotFound(
        Localized(
            f"Organização {organization_id} não encontrada.",
            f"Organization {organization_id} not found.",
        )
    )


@router.post("", status_code=201, summary="Add an organization (name and CNPJ)")
async def add_organization(body: OrganizationRequest, deps: Deps, _: Staff) -> JSON:
    try:
        added = await deps.organizations.add(name=body.name, cnpj=body.cnpj, now=datetime.now(UTC))
    except DuplicateCnpj as duplicate:
        existing = duplicate.existing
        raise OrganizationExists(
            Localized(
                f"O CNPJ {existing.formatted_cnpj} já pertence à organização {existing.id}.",
                f"CNPJ {existing.formatted_cnpj} already belongs to organization {existing.id}.",
            )
        ) from None
    return organization_view(added)


@router.get("", summary="Organizations by id, or the one with a CNPJ")
async def list_organizations(
    deps: Deps,
    _: Staff,
    cnpj: Annotated[Cnpj | None, Query()] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSON:
    if cnpj:
        found = await deps.organizations.by_cnpj(cnpj)
        return {"items": [organization_view(found)] if found else [], "next_cursor": None}
    listed = await deps.organizations.page(limit=limit + 1, after=cursor)
    page, next_cursor = page_of(listed, limit, lambda o: o.id)
    return {"items": [organization_view(o) for o in page], "next_cursor": next_cursor}


@router.get("/{organization_id}", summary="One organization")
async def get_organization(organization_id: str, deps: Deps, _: Staff) -> JSON:
    found = await deps.organizations.get(organization_id)
    if found is None:
        raise organization_not_found(organization_id)
    return organization_view(found)


@router.patch(
    "/{organization_id}",
    summary="Set the contract level (leaders and above): new tickets of its people follow it",
)
async def change_contract(
    organization_id: str, body: ContractChange, deps: Deps, _: Leader
) -> JSON:
    level = body.contract_level.strip() if body.contract_level else None
    changed = await deps.organizations.set_contract_level(organization_id, level or None)
    if changed is None:
        raise organization_not_found(organization_id)
    return organization_view(changed)
