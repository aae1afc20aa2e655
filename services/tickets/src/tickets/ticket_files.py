"""Files on tickets: who may open which, where the bytes come from, and keeping new ones.

Opening: tickets checks the caller may see the comment (customer: a public comment of their own
ticket; staff: any), then serves a file it keeps itself, or redirects (307) to a link signed for
a few minutes on the service that keeps the bytes (intake's archive, chat's attachment store).
A signed redirect instead of proxying: the bytes go from their holder to the browser once, the
holders trust nothing but the link (no service credential that opens every file), and a leaked
link opens one file for minutes. Refusals are 404, as for a file that does not exist.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fastapi import Response
from fastapi.responses import RedirectResponse

from helpdesk_runtime.file_downloads import file_response
from helpdesk_runtime.file_links import FileLinks, file_path
from helpdesk_runtime.upload_limits import UploadLimits
from tickets.adapters.file_store import TicketFileStore
from tickets.app_errors import NotFound
from tickets.domain.language import Localized
from tickets.domain.model import AttachmentRef, FileHolder, Ticket
from tickets.domain.ticket_files import visible_file
from tickets.file_uploads import Upload

HOLDER_PATHS: Mapping[FileHolder, str] = {"intake": "/v1/files", "chat": "/v1/chat/attachments"}
FILE_NOT_FOUND = NotFound(Localized("Arquivo não encontrado.", "File not found."))


def upload_id(key: str, position: int, content: bytes) -> str:
    return hashlib.sha256(f"{key}\n{position}\n".encode() + content).hexdigest()[:40]


@dataclass(frozen=True)
class TicketFiles:
    store: TicketFileStore
    links: FileLinks
    holder_urls: Mapping[FileHolder, str]
    limits: UploadLimits

    async def open(
        self, ticket: Ticket, attachment_id: str, *, requester_id: str | None
    ) -> Response:
        """The file for a customer (`requester_id`) or staff (None), or FILE_NOT_FOUND."""
        found = visible_file(ticket, attachment_id, requester_id=requester_id)
        if found is None:
            raise FILE_NOT_FOUND
        _, holder = found
        if holder == "tickets":
            stored = await self.store.load(attachment_id)
            if stored is None:
                raise FILE_NOT_FOUND
            return file_response(stored)
        url = self.links.signed_url(
            self.holder_urls[holder],
            file_path(HOLDER_PATHS[holder], attachment_id),
            attachment_id,
            now=time.time(),
        )
        return RedirectResponse(url, status_code=307, headers={"Cache-Control": "no-store"})

    async def keep(
        self, uploads: Sequence[Upload], *, key: str, uploaded_by: str
    ) -> tuple[AttachmentRef, ...]:
        """Store each upload under an id made from `key` (what a retry sends again), its
        position and its content: storing the same files twice stores them once."""
        refs = []
        for position, upload in enumerate(uploads, start=1):
            refs.append(
                await self.store.keep(
                    attachment_id=upload_id(key, position, upload.content),
                    filename=upload.filename,
                    content_type=upload.content_type,
                    content=upload.content,
                    position=position,
                    uploaded_by=uploaded_by,
                )
            )
        return tuple(refs)
