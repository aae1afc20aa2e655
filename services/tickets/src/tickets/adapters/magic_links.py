"""Magic links to "Meus chamados" (`magic_links` collection).

Only a hash of each link's code is stored, as `_id`: a leaked database holds no usable link.
The `customer.magic_link_requested` event that carries the link to notify is written in the same
insert (outbox) and leaves the document once published. Redeeming is one conditional update,
so a link signs in once, however many times it is followed at the same moment.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_contracts.envelope import Envelope
from helpdesk_runtime.database import Document
from helpdesk_runtime.outbox import PENDING_FIELD, outbox_fields


def new_link_code() -> str:
    """The secret part of a link: 256 random bits, safe in a URL."""
    return secrets.token_urlsafe(32)


def code_hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


class MagicLinkStore:
    """Links to "Meus chamados" (`contact_id`: a contact), or, over `staff_sign_in_links`, links
    to the analysts' workspace (`contact_id`: an agent); a code of one never redeems the other."""

    def __init__(self, database: AsyncDatabase[Document], collection: str = "magic_links") -> None:
        self.collection = database[collection]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index([("email", 1), ("created_at", -1)])

    async def record(
        self,
        *,
        code: str,
        contact_id: str,
        email: str,
        created_at: datetime,
        expires_at: datetime,
        events: Sequence[Envelope[Any]],
    ) -> None:
        await self.collection.insert_one(
            {
                "_id": code_hash(code),
                "contact_id": contact_id,
                "email": email,
                "created_at": created_at,
                "expires_at": expires_at,
                "used_at": None,
                **outbox_fields(events),
            }
        )

    async def send(
        self,
        *,
        code: str,
        holder_id: str,
        email: str,
        now: datetime,
        window_start: datetime,
        expires_at: datetime,
        events: Sequence[Envelope[Any]],
    ) -> None:
        """Record a new link (its event in the outbox), forgetting `email`'s links that expired
        before `window_start`."""
        await self.forget_expired(email, window_start)
        await self.record(
            code=code,
            contact_id=holder_id,
            email=email,
            created_at=now,
            expires_at=expires_at,
            events=events,
        )

    async def sent_since(self, email: str, since: datetime) -> int:
        return await self.collection.count_documents(
            {"email": email, "created_at": {"$gte": since}}
        )

    async def forget_expired(self, email: str, before: datetime) -> None:
        """Links of `email` that expired before `before` are no longer needed for anything."""
        await self.collection.delete_many(
            {
                "email": email,
                "expires_at": {"$lt": before},
                PENDING_FIELD: {"$exists": False},  # its event was published
            }
        )

    async def redeem(self, code: str, now: datetime) -> str | None:
        """The contact the link signs in, marking it used; None when unknown, used or expired."""
        # A conditional update, then a read by _id (the local server's findAndModify reads all)
        link = code_hash(code)
        redeemed = await self.collection.update_one(
            {"_id": link, "used_at": None, "expires_at": {"$gt": now}}, {"$set": {"used_at": now}}
        )
        found = await self.collection.find_one({"_id": link}) if redeemed.modified_count else None
        if found is None:
            return None
        # Signed in: the other links sent to this address are spent too.
        await self.collection.update_many(
            {"email": found["email"], "used_at": None}, {"$set": {"used_at": now}}
        )
        return str(found["contact_id"])
