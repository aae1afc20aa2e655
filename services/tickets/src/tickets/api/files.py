"""Files on tickets over the API: download (staff: any comment's; customers: their own
tickets' public comments) and agent uploads that a reply or note then names."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from pydantic import BaseModel, Field

from helpdesk_runtime.input_guard import TicketNumber
from helpdesk_runtime.problem_details import problem_responses
from tickets import agent_actions, customer_actions
from tickets.api.auth import Customer, Deps, Staff
from tickets.app_errors import UnknownReference
from tickets.domain.language import Localized
from tickets.domain.model import AttachmentRef
from tickets.file_uploads import read_upload_form
from tickets.ticket_files import TicketFiles

router = APIRouter(tags=["files"])
AttachmentIds = Annotated[
    list[Annotated[str, Field(max_length=100)]],
    Field(max_length=50, description="Ids `POST /v1/uploads` returned; the files go with it"),
]
_DOWNLOAD = {
    200: {"description": "The file (a safe image inline, anything else as a download)"},
    307: {"description": "Redirect to a link signed for a few minutes on the service that "
          "keeps the bytes (intake or chat)"},
    **problem_responses(401, 404),
}  # fmt: skip
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "files": {"type": "array", "items": {"type": "string", "format": "binary"}}
                    },
                    "required": ["files"],
                }
            }
        },
    }
}


def ticket_files(request: Request) -> TicketFiles:
    files: TicketFiles = request.app.state.ticket_files
    return files


Files = Annotated[TicketFiles, Depends(ticket_files)]


class Uploaded(BaseModel):
    """Name the ids in a reply's or note's `attachments`."""

    attachments: list[AttachmentRef]


@router.get(
    "/v1/tickets/{number}/files/{attachment_id:path}",
    summary="Open a file of any comment (staff)",
    responses=_DOWNLOAD,
)
async def staff_file(
    number: TicketNumber, attachment_id: str, deps: Deps, files: Files, _: Staff
) -> Response:
    record = await agent_actions.load(deps, number)
    return await files.open(record.ticket, attachment_id, requester_id=None)


@router.get(
    "/v1/customer/tickets/{number}/files/{attachment_id:path}",
    summary="Open a file of my ticket's conversation",
    responses=_DOWNLOAD,
)
async def customer_file(
    number: TicketNumber, attachment_id: str, deps: Deps, files: Files, me: Customer
) -> Response:
    record = await customer_actions.own_ticket(deps, number, requester_id=me)
    return await files.open(record.ticket, attachment_id, requester_id=me)


@router.post(
    "/v1/uploads",
    status_code=201,
    summary="Upload files for a reply or note (multipart `files`)",
    description="Limits as intake's web form (HELPDESK_MAX_ATTACHMENTS, "
    "HELPDESK_MAX_ATTACHMENT_BYTES, HELPDESK_MAX_MESSAGE_BYTES); dangerous types are kept but "
    "flagged `dangerous` and never shown inline. Then send the ids in `attachments` of "
    "`POST /v1/tickets/{number}/replies` or `/notes`.",
    openapi_extra=_UPLOAD_BODY,
    responses=problem_responses(401, 413, 422),
)
async def upload(request: Request, files: Files, who: Staff) -> Uploaded:
    form = await read_upload_form(request, files.limits)
    if not form.uploads:
        raise UnknownReference(Localized("Envie ao menos um arquivo.", "Send at least one file."))
    refs = await files.keep(form.uploads, key=uuid.uuid4().hex, uploaded_by=who.agent_id)
    return Uploaded(attachments=list(refs))


async def uploaded_refs(files: TicketFiles, ids: list[str]) -> tuple[AttachmentRef, ...]:
    """The uploads a reply or note names; 422 for an id no upload returned."""
    refs = []
    for attachment_id in dict.fromkeys(ids):
        ref = await files.store.ref(attachment_id)
        if ref is None:
            raise UnknownReference(
                Localized(
                    f"Anexo {attachment_id} não existe; envie-o antes em /v1/uploads.",
                    f"Attachment {attachment_id} does not exist; upload it first to /v1/uploads.",
                )
            )
        refs.append(ref)
    return tuple(refs)
