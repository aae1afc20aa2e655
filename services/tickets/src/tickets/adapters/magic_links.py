"""Magic links waiting to be sent to a customer.

No event contract exists for "send this customer their sign-in link", so the link is recorded
here (`magic_links` collection: contact, address, link, expiry, `sent_at` None until someone
sends it). A future `customer.magic_link_requested.v1` event for notify would replace this.
"""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document


class MagicLinkStore:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self._links = database["magic_links"]

    async def ensure_indexes(self) -> None:
        await self._links.create_index([("email", 1), ("created_at", -1)])
        await self._links.create_index([("sent_at", 1), ("created_at", 1)])

    async def record(
        self, *, contact_id: str, email: str, url: str, created_at: datetime, expires_at: datetime
    ) -> None:
        await self._links.insert_one(
            {
                "contact_id": contact_id,
                "email": email,
                "url": url,
                "created_at": created_at,
                "expires_at": expires_at,
                "sent_at": None,
            }
        )

    async def latest_for(self, email: str) -> Document | None:
        return await self._links.find_one({"email": email}, sort=[("created_at", -1)])
