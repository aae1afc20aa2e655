"""GET /v1/files/{attachment_id}: a file a message brought, for the holder of a link tickets
signed after checking who may see it (see helpdesk_runtime.file_links)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from helpdesk_runtime.file_downloads import StoredBytes, signed_file_response
from helpdesk_runtime.file_links import FileLinks
from helpdesk_runtime.problem_details import problem_response, problem_responses
from intake.adapters.archive import ArchiveUnavailable, InboundArchive

FILES_PREFIX = "/v1/files"


def files_router(archive: InboundArchive, links: FileLinks) -> APIRouter:
    router = APIRouter(tags=["files"])

    async def load(attachment_id: str) -> StoredBytes | None:
        found = await archive.stored_file(attachment_id)
        if found is None:
            return None
        item, content = found
        return StoredBytes(
            filename=item["filename"],
            content_type=item["content_type"],
            content=content,
            dangerous=bool(item.get("dangerous")),
        )

    @router.get(
        FILES_PREFIX + "/{attachment_id:path}",
        summary="Download a file by a link tickets signed (valid a few minutes)",
        responses={
            200: {"description": "The file (a safe image inline, else a download)"},
            **problem_responses(404, 410, 503),
        },
    )
    async def download(
        request: Request,
        attachment_id: str,
        expires: Annotated[int, Query(ge=0, le=2**40)],
        signature: Annotated[str, Query(max_length=128)],
    ) -> Response:
        try:
            return await signed_file_response(
                request, links, attachment_id, expires=expires, signature=signature, load=load
            )
        except ArchiveUnavailable:
            return problem_response(request, 503, headers={"Retry-After": "30"})

    return router
