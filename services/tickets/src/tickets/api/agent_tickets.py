"""Agent API for tickets: list, read, reply, note, edit fields (category too), merge, phone
tickets."""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, EmailStr, Field, StringConstraints

from helpdesk_contracts.common import Person
from helpdesk_runtime.input_guard import LARGEST_STORED_INTEGER, TicketNumber
from helpdesk_runtime.problem_details import problem_responses
from tickets import agent_actions as actions
from tickets import field_edits
from tickets.api.auth import Deps, Staff, agent_actor
from tickets.api.files import AttachmentIds, Files, uploaded_refs
from tickets.api.pagination import Cursor, Limit, ticket_page
from tickets.api.problems import language_of
from tickets.api.views import JSON, ticket_detail, ticket_summary
from tickets.app_errors import UnknownReference
from tickets.contract_events import Cause
from tickets.domain.language import Localized
from tickets.domain.model import Priority
from tickets.domain.reclassification import Reclassification
from tickets.domain.status import TicketStatus

MAX_RELATED = 20
"""Tickets one ticket may link to (and the links another ticket's page lists)."""

router = APIRouter(
    prefix="/v1/tickets", tags=["tickets (agents)"], responses=problem_responses(409)
)
Text = Annotated[str, Field(min_length=1, max_length=20_000)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class ReplyRequest(BaseModel):
    text: Text
    status: TicketStatus | None = Field(default=None, description="Move the ticket with the reply")
    version: int | None = Field(default=None, description="The version you saw (optimistic lock)")
    attachments: AttachmentIds = []


class NoteRequest(BaseModel):
    text: Text
    attachments: AttachmentIds = []


class TicketEdit(BaseModel):
    """Only the fields present change; `assignee_id: null` unassigns."""

    status: TicketStatus | None = None
    priority: Priority | None = None
    group_id: str | None = Field(default=None, min_length=1)
    assignee_id: str | None = None
    tags: list[Annotated[str, Field(max_length=50)]] | None = Field(default=None, max_length=30)
    related_tickets: list[Annotated[int, Field(ge=1, le=LARGEST_STORED_INTEGER)]] | None = Field(
        default=None,
        max_length=MAX_RELATED,
        description="Replace the tickets linked to this one (staff only; each must exist). The "
        "other ticket lists this one under `linked_from`",
    )
    category: Label | None = Field(
        default=None,
        description="Reclassify (null clears category and subcategory); a new category drops "
        "the old subcategory unless `subcategory` comes with it. A priority the category rules "
        "chose follows the new category; one an agent chose stays",
    )
    subcategory: Label | None = Field(default=None, description="Needs a category")
    version: int | None = None

    def reclassification(self) -> Reclassification | None:
        given = self.model_fields_set
        if not given & {"category", "subcategory"}:
            return None
        return Reclassification(
            category=self.category,
            subcategory=self.subcategory,
            sets_category="category" in given,
            sets_subcategory="subcategory" in given,
        )


class MergeRequest(BaseModel):
    target: int = Field(
        ge=1, le=LARGEST_STORED_INTEGER, description="Protocol number that receives the comments"
    )
    confirm_different_requesters: bool = Field(
        default=False,
        description="Required (true) when the tickets have different requesters; the source's "
        "comments then become internal notes on the target. Without it such a merge is a 409.",
    )


class Caller(BaseModel):
    name: str | None = Field(default=None, max_length=200)
    email: EmailStr | None = None
    phone: str | None = Field(default=None, max_length=30)
    external_id: str | None = Field(default=None, max_length=100)


class PhoneTicketRequest(BaseModel):
    caller: Caller
    subject: Annotated[str, Field(min_length=1, max_length=300)]
    text: Text
    category: str | None = None
    subcategory: str | None = None
    priority: Priority | None = None
    group_id: str | None = None


@router.get("", summary="Tickets, newest first, with filters and cursor pagination")
async def list_tickets(
    request: Request,
    deps: Deps,
    _: Staff,
    status: Annotated[
        list[TicketStatus] | None, Query(max_length=7, description="Any of these statuses")
    ] = None,
    priority: Priority | None = None,
    group: Annotated[
        list[str] | None, Query(max_length=50, description="In any of these groups")
    ] = None,
    assignee: str | None = None,
    unassigned: Annotated[bool, Query(description="Only tickets nobody is assigned to")] = False,
    requester: str | None = None,
    organization: str | None = None,
    q: Annotated[str | None, Query(max_length=200, description="Text in the subject")] = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> JSON:
    filters: dict[str, Any] = {
        "status": {"$in": [s.value for s in status]} if status else None,
        "priority": priority.value if priority else None,
        "group_id": {"$in": group} if group else None,
        "assignee_id": assignee,
        "requester_id": requester,
        "organization_id": organization,
    }
    query: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
    if unassigned:
        query["assignee_id"] = None
    if q:
        query["subject"] = {"$regex": re.escape(q), "$options": "i"}
    page, next_cursor = await ticket_page(deps.tickets, query, limit=limit, cursor=cursor)
    language = language_of(request)
    return {"items": [ticket_summary(r, language) for r in page], "next_cursor": next_cursor}


@router.get("/{number}", summary="One ticket with its comments, history and linked tickets")
async def get_ticket(request: Request, number: TicketNumber, deps: Deps, _: Staff) -> JSON:
    detail = ticket_detail(await actions.load(deps, number), language_of(request))
    linking = await deps.tickets.page({"related_tickets": number}, limit=MAX_RELATED, before=None)
    return {**detail, "linked_from": sorted(record.ticket.number for record in linking)}


@router.post("/{number}/replies", summary="Public reply the customer sees")
async def reply(
    request: Request, number: TicketNumber, body: ReplyRequest, deps: Deps, files: Files, who: Staff
) -> JSON:
    change = actions.reply(
        author=agent_actor(who),
        body=body.text,
        set_status=body.status,
        attachments=await uploaded_refs(files, body.attachments),
    )
    record = await actions.apply_change(deps, number, change, version=body.version, cause=Cause())
    return ticket_detail(record, language_of(request))


@router.post("/{number}/notes", summary="Internal note only staff see")
async def note(
    request: Request, number: TicketNumber, body: NoteRequest, deps: Deps, files: Files, who: Staff
) -> JSON:
    attachments = await uploaded_refs(files, body.attachments)
    change = actions.note(author=agent_actor(who), body=body.text, attachments=attachments)
    record = await actions.apply_change(deps, number, change, version=None, cause=Cause())
    return ticket_detail(record, language_of(request))


@router.patch(
    "/{number}",
    summary="Change status, priority, group, assignee, tags, related tickets, category or "
    "subcategory",
)
async def edit(
    request: Request, number: TicketNumber, body: TicketEdit, deps: Deps, who: Staff
) -> JSON:
    given = body.model_fields_set
    if body.assignee_id is not None:
        await _known_agent(deps, body.assignee_id)
    if body.group_id is not None:
        await _known_group(deps, body.group_id)
    if body.related_tickets:
        await _known_tickets(deps, body.related_tickets)
    edits = field_edits.FieldEdits(
        status=body.status,
        priority=body.priority,
        group_id=body.group_id,
        assignee_id=body.assignee_id,
        unassign="assignee_id" in given and body.assignee_id is None,
        tags=tuple(body.tags) if body.tags is not None else None,
        related=tuple(body.related_tickets) if body.related_tickets is not None else None,
        reclassification=body.reclassification(),
    )
    record = await field_edits.edit_fields(
        deps, number, edits, actor=agent_actor(who), version=body.version, cause=Cause()
    )
    return ticket_detail(record, language_of(request))


@router.post("/{number}/merge", summary="Merge this ticket into another")
async def merge(
    request: Request, number: TicketNumber, body: MergeRequest, deps: Deps, who: Staff
) -> JSON:
    source, target = await actions.merge(
        deps,
        number,
        body.target,
        actor=agent_actor(who),
        cause=Cause(),
        different_requesters_confirmed=body.confirm_different_requesters,
    )
    language = language_of(request)
    return {"source": ticket_summary(source, language), "target": ticket_detail(target, language)}


@router.post("", status_code=201, summary="Register a phone call as a new ticket")
async def phone_ticket(request: Request, body: PhoneTicketRequest, deps: Deps, who: Staff) -> JSON:
    if body.group_id is not None:
        await _known_group(deps, body.group_id)
    call = actions.PhoneCall(
        caller=Person(**body.caller.model_dump()),
        subject=body.subject,
        text=body.text,
        category=body.category,
        subcategory=body.subcategory,
        priority=body.priority,
        group_id=body.group_id,
    )
    record = await actions.register_phone_call(deps, call, agent=agent_actor(who), cause=Cause())
    return ticket_detail(record, language_of(request))


async def _known_agent(deps: Deps, agent_id: str) -> None:
    if await deps.staff.agent(agent_id) is None:
        raise UnknownReference(
            Localized(f"Atendente {agent_id} não existe.", f"Agent {agent_id} does not exist.")
        )


async def _known_tickets(deps: Deps, numbers: list[int]) -> None:
    """One summary query for every number (not a whole ticket read per number)."""
    wanted = set(numbers)
    found = await deps.tickets.page(
        {"_id": {"$in": sorted(wanted)}}, limit=len(wanted), before=None
    )
    missing = wanted - {record.number for record in found}
    if missing:
        number = min(missing)
        raise UnknownReference(
            Localized(f"O chamado nº {number} não existe.", f"Ticket #{number} does not exist.")
        )


async def _known_group(deps: Deps, group_id: str) -> None:
    if await deps.staff.group(group_id) is None:
        raise UnknownReference(
            Localized(f"Grupo {group_id} não existe.", f"Group {group_id} does not exist.")
        )
