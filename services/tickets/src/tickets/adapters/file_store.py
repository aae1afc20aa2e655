"""Files written on tickets through tickets itself (portal comments, agent uploads), in the
service's own GridFS bucket: durable before the comment that names them is saved.

Each file is stored under an id its writer can compute again, so a retry after a crash between
storing the file and saving the comment finds the file instead of storing a second copy; a
file no comment names is never shown to anyone.
"""

from __future__ import annotations

import hashlib
from contextlib import suppress

from gridfs.asynchronous import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError

from helpdesk_runtime.attachment_risk import attachment_risk, safe_filename
from helpdesk_runtime.database import Document
from helpdesk_runtime.file_downloads import StoredBytes
from tickets.domain.model import AttachmentRef

BUCKET = "comment_files"


class TicketFileStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.bucket = AsyncGridFSBucket(database, bucket_name=BUCKET)

    async def keep(
        self,
        *,
        attachment_id: str,
        filename: str | None,
        content_type: str,
        content: bytes,
        position: int,
        uploaded_by: str,
    ) -> AttachmentRef:
        """Store the file under `attachment_id` unless it is there already; the name is made
        safe and the file flagged `dangerous` by the rules intake applies to the web form."""
        kind = (content_type or "application/octet-stream").split(";")[0].strip().lower()
        name = safe_filename(filename, content_type=kind, position=position)
        ref = AttachmentRef(
            attachment_id=attachment_id,
            filename=name,
            content_type=kind,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            dangerous=attachment_risk(name, kind, content[:2]) is not None,
            holder="tickets",
        )
        if await self.ref(attachment_id) is not None:
            return ref
        with suppress(NoFile):  # chunks a crash left without their file document
            await self.bucket.delete(attachment_id)
        metadata = {**ref.model_dump(mode="json"), "uploaded_by": uploaded_by}
        with suppress(DuplicateKeyError):  # a concurrent retry of the same upload stored it
            await self.bucket.upload_from_stream_with_id(
                attachment_id, name, content, metadata=metadata
            )
        return ref

    async def ref(self, attachment_id: str) -> AttachmentRef | None:
        """The stored file's reference (without its bytes)."""
        async for found in self.bucket.find({"_id": attachment_id}).limit(1):
            metadata = dict(found.metadata or {})
            metadata.pop("uploaded_by", None)
            return AttachmentRef.model_validate(metadata)
        return None

    async def load(self, attachment_id: str) -> StoredBytes | None:
        try:
            stream = await self.bucket.open_download_stream(attachment_id)
        except NoFile:
            return None
        metadata = stream.metadata or {}
        return StoredBytes(
            filename=str(metadata["filename"]),
            content_type=str(metadata["content_type"]),
            content=await stream.read(),
            dangerous=bool(metadata.get("dangerous")),
        )
