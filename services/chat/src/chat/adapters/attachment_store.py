"""Chat attachments in MongoDB GridFS, with the checks the knowledge base promises customers."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath

from gridfs.asynchronous import AsyncGridFSBucket
from gridfs.errors import NoFile
from pymongo.asynchronous.database import AsyncDatabase

from chat.domain.storable_text import storable
from helpdesk_contracts.common import AttachmentRef
from helpdesk_runtime.database import Document

_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/pdf": (b"%PDF-",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (b"PK\x03\x04",),
}


class AttachmentRefused(ValueError):
    """A file the chat does not take, with the reason shown to the uploader."""

    def __init__(self, reason: str, *, status: int = 415, code: str = "file_content") -> None:
        super().__init__(reason)
        self.status = status
        self.code = code


@dataclass(frozen=True)
class StoredFile:
    ref: AttachmentRef
    session_id: str
    content: bytes


def check_file(
    filename: str, content_type: str, content: bytes, allowed: Mapping[str, tuple[str, ...]]
) -> str:
    """The content type to store, or AttachmentRefused: type, extension and bytes must agree."""
    declared = content_type.split(";")[0].strip().lower()
    extension = PurePath(filename).suffix.lower()
    if declared not in allowed:
        declared = next((kind for kind, ends in allowed.items() if extension in ends), declared)
    if declared not in allowed or extension not in allowed[declared]:
        raise AttachmentRefused(
            f"file type not accepted: {filename!r} ({content_type})", code="file_type"
        )
    if declared == "image/webp" and not (content[:4] == b"RIFF" and content[8:12] == b"WEBP"):
        raise AttachmentRefused("the file's content is not a WebP image")
    signatures = _SIGNATURES.get(declared)
    if signatures and not content.startswith(signatures):
        raise AttachmentRefused(f"the file's content does not match {declared}")
    if declared.startswith("text/") and b"\x00" in content:
        raise AttachmentRefused("a text file must not contain binary data")
    return declared


class AttachmentStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.bucket = AsyncGridFSBucket(database, bucket_name="attachments")

    async def save(
        self, *, session_id: str, filename: str, content_type: str, content: bytes
    ) -> AttachmentRef:
        attachment_id = uuid.uuid4().hex
        ref = AttachmentRef(
            attachment_id=attachment_id,
            filename=PurePath(storable(filename)).name[:200] or "file",
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
        metadata = {"session_id": session_id, **ref.model_dump(mode="json")}
        await self.bucket.upload_from_stream_with_id(
            attachment_id, ref.filename, content, metadata=metadata
        )
        return ref

    async def ref(self, attachment_id: str) -> tuple[AttachmentRef, str] | None:
        """The attachment's reference and the session it belongs to."""
        cursor = self.bucket.find({"_id": attachment_id}).limit(1)
        async for found in cursor:
            metadata = dict(found.metadata or {})
            session_id = str(metadata.pop("session_id"))
            return AttachmentRef.model_validate(metadata), session_id
        return None

    async def load(self, attachment_id: str) -> StoredFile | None:
        try:
            stream = await self.bucket.open_download_stream(attachment_id)
        except NoFile:
            return None
        metadata = dict(stream.metadata or {})
        session_id = str(metadata.pop("session_id"))
        content = await stream.read()
        return StoredFile(AttachmentRef.model_validate(metadata), session_id, content)
