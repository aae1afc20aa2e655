"""The inbound archive: one document per inbound message, keyed by its dedupe key.

The document holds the raw bytes (or a GridFS reference when large), the files it carried and
the events it causes (the runtime outbox). Inserting it is the single operation that both
accepts the message durably and detects a duplicate delivery (the `_id` is the dedupe key).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bson import ObjectId
from gridfs import AsyncGridFSBucket
from pymongo.asynchronous.database import AsyncDatabase
from pymongo.errors import DuplicateKeyError, PyMongoError

from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import outbox_fields

COLLECTION = "inbound"
TICKET_LINKS = "inbound_tickets"
BLOB_BUCKET = "inbound_blobs"


class ArchiveUnavailable(Exception):
    """The message could not be stored; the sender must be told to try again later."""


@dataclass(frozen=True)
class StoredFile:
    """A file that came with an inbound message (attachment, upload)."""

    attachment_id: str
    filename: str
    content_type: str
    content: bytes
    sha256: str
    inline: bool = False
    dangerous: bool = False
    risk_reason: str | None = None


@dataclass(frozen=True)
class ArchiveEntry:
    """What is archived for one inbound message, with the events it causes."""

    inbound_id: str
    channel: str
    kind: str
    summary: Document
    events: Sequence[Envelope[Any]] = ()
    raw: bytes | None = None
    files: Sequence[StoredFile] = ()


@dataclass
class _Blobs:
    """Puts content inline while the document stays small, in GridFS beyond that budget."""

    bucket: AsyncGridFSBucket
    budget: int
    uploaded: list[ObjectId] = field(default_factory=list)

    async def put(self, name: str, content: bytes) -> Document:
        if len(content) <= self.budget:
            self.budget -= len(content)
            return {"inline": content}
        file_id = await self.bucket.upload_from_stream(name, content)
        self.uploaded.append(file_id)
        return {"gridfs_id": file_id}


class InboundArchive:
    """Stores inbound messages once each; `on_stored` wakes the outbox relay."""

    def __init__(
        self,
        database: AsyncDatabase[Document],
        *,
        inline_bytes: int,
        on_stored: Callable[[], None] = lambda: None,
    ) -> None:
        self.collection = database[COLLECTION]
        # Kept apart from the archive document, which the outbox relay updates concurrently.
        self._tickets = database[TICKET_LINKS]
        self._bucket = AsyncGridFSBucket(database, bucket_name=BLOB_BUCKET)
        self._inline_bytes = inline_bytes
        self._on_stored = on_stored

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("channel", 1), ("received_at", 1)])

    async def store(self, entry: ArchiveEntry) -> bool:
        """True when stored now, False when the same message was already archived."""
        try:
            if await self.collection.find_one({"_id": entry.inbound_id}, {"_id": 1}):
                return False
            blobs = _Blobs(self._bucket, self._inline_bytes)
            document = await self._document(entry, blobs)
            try:
                await self.collection.insert_one(document)
            except DuplicateKeyError:  # a concurrent delivery of the same message won
                for file_id in blobs.uploaded:
                    await self._bucket.delete(file_id)
                return False
        except PyMongoError as error:
            raise ArchiveUnavailable(f"{type(error).__name__}: {error}"[:300]) from error
        if entry.events:
            self._on_stored()
        return True

    async def _document(self, entry: ArchiveEntry, blobs: _Blobs) -> Document:
        files = [
            {
                "attachment_id": item.attachment_id,
                "filename": item.filename,
                "content_type": item.content_type,
                "size": len(item.content),
                "sha256": item.sha256,
                "inline": item.inline,
                "dangerous": item.dangerous,
                "risk_reason": item.risk_reason,
                "content": await blobs.put(item.attachment_id, item.content),
            }
            for item in entry.files
        ]
        raw = await blobs.put(f"{entry.inbound_id}.raw", entry.raw) if entry.raw else None
        return {
            "_id": entry.inbound_id,
            "channel": entry.channel,
            "kind": entry.kind,
            "received_at": datetime.now(UTC),
            "summary": entry.summary,
            "raw": raw,
            "raw_size": len(entry.raw) if entry.raw else 0,
            "attachments": files,
            "event_ids": [str(envelope.event_id) for envelope in entry.events],
            **outbox_fields(entry.events),
        }

    async def find(self, inbound_id: str) -> Document | None:
        """The archived document without its stored bytes, with `ticket_number` once known."""
        try:
            found = await self.collection.find_one(
                {"_id": inbound_id}, {"raw": 0, "attachments.content": 0, "outbox": 0}
            )
            link = await self._tickets.find_one({"_id": inbound_id}) if found else None
        except PyMongoError as error:
            raise ArchiveUnavailable(f"{type(error).__name__}: {error}"[:300]) from error
        if found is not None:
            found["ticket_number"] = link.get("ticket_number") if link else None
            found["failure"] = link.get("failure") if link else None
        return found

    async def read_blob(self, reference: Document) -> bytes:
        """The bytes a stored reference points to (inline or GridFS)."""
        if "inline" in reference:
            return bytes(reference["inline"])
        stream = await self._bucket.open_download_stream(reference["gridfs_id"])
        return bytes(await stream.read())

    async def stored_file(self, attachment_id: str) -> tuple[Document, bytes] | None:
        """A file's description and bytes; its id is `<inbound id>/<position>`."""
        inbound_id = attachment_id.rpartition("/")[0]
        try:
            found = await self.collection.find_one({"_id": inbound_id}, {"attachments": 1})
            files = (found or {}).get("attachments", ())
            item = next((a for a in files if a["attachment_id"] == attachment_id), None)
            return (item, await self.read_blob(item["content"])) if item else None
        except PyMongoError as error:
            raise ArchiveUnavailable(f"{type(error).__name__}: {error}"[:300]) from error

    async def record_ticket(self, inbound_id: str, ticket_number: int) -> None:
        """Remember which ticket the message opened (what a submission's status shows)."""
        await self._tickets.update_one(
            {"_id": inbound_id}, {"$set": {"ticket_number": ticket_number}}, upsert=True
        )

    async def record_failure(self, inbound_id: str, reason: str, at: datetime) -> None:
        """Remember that tickets gave up on the message (a ticket number, if one comes, wins)."""
        failure = {"reason": reason, "at": at}
        await self._tickets.update_one(
            {"_id": inbound_id}, {"$set": {"failure": failure}}, upsert=True
        )
