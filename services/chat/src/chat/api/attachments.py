"""Uploading and fetching chat attachments over HTTP (limits: see settings and the KB article)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, UploadFile
from fastapi.responses import Response

from chat.adapters.attachment_store import AttachmentRefused, check_file
from chat.chat_app import ChatApp
from chat.customer_service import resume_session
from chat.domain.refusals import refusal_texts
from chat.settings import ATTACHMENT_TYPES, MEGABYTE
from helpdesk_contracts.common import AttachmentRef
from helpdesk_runtime.file_downloads import StoredBytes, file_response, signed_file_response
from helpdesk_runtime.problem_details import problem_response, problem_responses

router = APIRouter(
    prefix="/v1/chat/attachments",
    tags=["attachments"],
    responses=problem_responses(401, 404, 410, 413, 415),
)
_MULTIPART_OVERHEAD = 64 * 1024


async def _session_of(chat: ChatApp, authorization: str | None, session_id: str | None) -> str:
    """The conversation the caller may attach to: the customer's own, or one an agent names."""
    token = (
        (authorization or "")[7:].strip()
        if (authorization or "").lower().startswith("bearer ")
        else ""
    )
    if not token:
        raise HTTPException(401, "Authorization: Bearer <session token or staff token> is required")
    if await chat.staff.verify(token) is not None:
        if not session_id:
            raise HTTPException(422, "staff uploads name the conversation: ?session_id=")
        if await chat.service.context.store.load(session_id) is None:
            raise HTTPException(404, "no such conversation")
        return session_id
    record = await resume_session(chat.service, token)
    if record is None:
        raise HTTPException(401, "unknown session token")
    return record.id


@router.post(
    "",
    status_code=201,
    response_model=AttachmentRef,
    summary="Upload a file to reference in a chat message",
)
async def upload(
    request: Request,
    file: UploadFile,
    authorization: Annotated[str | None, Header()] = None,
    session_id: Annotated[str | None, Query()] = None,
) -> AttachmentRef | Response:
    """Up to 10 MB per file (HELPDESK_ATTACHMENT_MAX_BYTES); images (PNG, JPEG, GIF, WebP), PDF,
    TXT, CSV, DOCX and XLSX. Send the returned `attachment_id` in a message's `attachments`."""
    chat: ChatApp = request.app.state.chat
    owner = await _session_of(chat, authorization, session_id)
    limit = chat.settings.attachment_max_bytes
    declared = int(request.headers.get("content-length") or 0)
    content = b"" if declared > limit + _MULTIPART_OVERHEAD else await file.read(limit + 1)
    if declared > limit + _MULTIPART_OVERHEAD or len(content) > limit:
        return _refused(request, 413, "file_too_large", limit=limit // MEGABYTE)
    if not content:
        return _refused(request, 422, "file_empty")
    filename = file.filename or "file"
    try:
        kind = check_file(filename, file.content_type or "", content, ATTACHMENT_TYPES)
    except AttachmentRefused as refused:
        return _refused(request, refused.status, refused.code)
    return await chat.attachments.save(
        session_id=owner, filename=filename, content_type=kind, content=content
    )


def _refused(request: Request, status: int, code: str, **values: object) -> Response:
    """A problem answer in the page's language (the widget sends it as Accept-Language)."""
    return problem_response(request, status, code=code, detail=refusal_texts(code, **values))


@router.get("/{attachment_id}", summary="Download an attachment of your conversation")
async def download(
    request: Request,
    attachment_id: str,
    authorization: Annotated[str | None, Header()] = None,
    expires: Annotated[int | None, Query(ge=0, le=2**40)] = None,
    signature: Annotated[str | None, Query(max_length=128)] = None,
) -> Response:
    """With your session or staff token; or with `expires` and `signature` from a link
    tickets signed for a file of a chat recorded on a ticket."""
    chat: ChatApp = request.app.state.chat
    if expires is not None and signature is not None:
        return await signed_file_response(
            request,
            chat.file_links,
            attachment_id,
            expires=expires,
            signature=signature,
            load=lambda found: _stored_bytes(chat, found),
        )
    stored = await chat.attachments.load(attachment_id)
    if stored is None:
        raise HTTPException(404, "no such attachment")
    owner = await _session_of(chat, authorization, stored.session_id)
    if owner != stored.session_id:
        raise HTTPException(404, "no such attachment")
    return file_response(StoredBytes(stored.ref.filename, stored.ref.content_type, stored.content))


async def _stored_bytes(chat: ChatApp, attachment_id: str) -> StoredBytes | None:
    stored = await chat.attachments.load(attachment_id)
    if stored is None:
        return None
    return StoredBytes(stored.ref.filename, stored.ref.content_type, stored.content)
