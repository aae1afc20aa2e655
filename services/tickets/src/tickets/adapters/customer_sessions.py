"""Signed-in customers ("Meus chamados"), one `customer_sessions` document per session.

The token the customer holds is 256 random bits; only its SHA-256 is stored, as `_id`, so a
leaked database holds no usable session and checking a request is one lookup by `_id`. Signing
out deletes the document: a copied cookie or token stops working at once. A contact merge
re-points the absorbed contact's sessions to the survivor (`repoint`), so the lookup needs no
second read to follow merges.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document

COLLECTION = "customer_sessions"
TOKEN_PREFIX = "cs1."


def session_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class CustomerSessionStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database[COLLECTION]

    async def ensure_indexes(self) -> None:
        await self.collection.create_index("contact_id")

    async def open(self, contact_id: str, *, now: datetime, lifetime: timedelta) -> str:
        """A new session of `contact_id`; the token is returned once and never stored."""
        token = TOKEN_PREFIX + secrets.token_urlsafe(32)
        await self.collection.delete_many({"contact_id": contact_id, "expires_at": {"$lte": now}})
        await self.collection.insert_one(
            {
                "_id": session_digest(token),
                "contact_id": contact_id,
                "created_at": now,
                "expires_at": now + lifetime,
            }
        )
        return token

    async def contact_of(self, token: str, *, now: datetime) -> str | None:
        """The contact the session speaks for; None when unknown, ended or expired."""
        if not token.startswith(TOKEN_PREFIX):
            return None
        found = await self.collection.find_one({"_id": session_digest(token)})
        if found is None or found["expires_at"] <= now:
            return None
        contact_id = found.get("contact_id")
        return contact_id if isinstance(contact_id, str) else None

    async def end(self, token: str) -> None:
        await self.collection.delete_one({"_id": session_digest(token)})

    async def repoint(self, absorbed_id: str, survivor_id: str) -> None:
        await self.collection.update_many(
            {"contact_id": absorbed_id}, {"$set": {"contact_id": survivor_id}}
        )
