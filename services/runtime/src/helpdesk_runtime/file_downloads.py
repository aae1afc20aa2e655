"""Serving a stored file: to a holder of a signed link (intake, chat) or, after tickets' own
access check, straight from tickets' store. Every answer carries download_headers."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request, Response

from helpdesk_runtime.file_links import FileLinks, download_headers, served_type
from helpdesk_runtime.problem_details import problem_response

_EXPIRED = (
    "Este link de download expirou; abra o arquivo de novo pelo chamado.",
    "This download link has expired; open the file again from the ticket.",
)
_UNKNOWN = ("Arquivo não encontrado.", "File not found.")


@dataclass(frozen=True)
class StoredBytes:
    """A file's bytes with what its download needs to know."""

    filename: str
    content_type: str
    content: bytes
    dangerous: bool = False


FileLoader = Callable[[str], Awaitable[StoredBytes | None]]


def file_response(stored: StoredBytes) -> Response:
    """The bytes as a download (or an inline safe image), never sniffed."""
    return Response(
        stored.content,
        media_type=served_type(stored.content_type, dangerous=stored.dangerous),
        headers=download_headers(
            filename=stored.filename, content_type=stored.content_type, dangerous=stored.dangerous
        ),
    )


async def signed_file_response(
    request: Request,
    links: FileLinks,
    attachment_id: str,
    *,
    expires: int,
    signature: str,
    load: FileLoader,
) -> Response:
    """404 for a link nobody signed (as for an unknown file: nothing to probe), 410 once it
    expired, else the file."""
    if not links.is_valid(attachment_id, expires, signature, now=float("-inf")):
        return problem_response(request, 404, detail=_UNKNOWN)
    if not links.is_valid(attachment_id, expires, signature, now=time.time()):
        return problem_response(request, 410, detail=_EXPIRED)
    stored = await load(attachment_id)
    if stored is None:
        return problem_response(request, 404, detail=_UNKNOWN)
    return file_response(stored)
