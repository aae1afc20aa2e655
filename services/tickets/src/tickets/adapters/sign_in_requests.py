"""Sign-in link requests waiting to be handled (`sign_in_requests` collection).

Asking for a link stores the request and nothing else, whether or not the address belongs to a
customer, so the answer takes the same time either way (no account enumeration by timing). A
background worker then looks the address up and sends the link (customer_sign_in.py). A request
is deleted once handled; a worker that dies holding one gives it back when its lease ends.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from datetime import datetime, timedelta

from pymongo.asynchronous.database import AsyncDatabase

from helpdesk_runtime.database import Document

LEASE = timedelta(seconds=60)


class SignInRequestQueue:
    def __init__(self, database: AsyncDatabase[Document]) -> None:
        self.collection = database["sign_in_requests"]
        self._arrived = asyncio.Event()

    async def ensure_indexes(self) -> None:
        await self.collection.create_index("leased_until")

    async def add(
        self, *, email: str, accept_language: str | None, at: datetime, staff: bool = False
    ) -> None:
        """Queue a link to "Meus chamados" (or, `staff`, to the analysts' workspace)."""
        await self.collection.insert_one(
            {
                "_id": uuid.uuid4().hex,
                "staff": staff,
                "email": email,
                "accept_language": accept_language,
                "requested_at": at,
                "leased_until": at,
            }
        )
        self._arrived.set()

    async def wait(self, timeout_s: float) -> None:
        """Until a request arrives in this process, or `timeout_s` (requests of other replicas)."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._arrived.wait(), timeout_s)
        self._arrived.clear()

    async def take(self, now: datetime, limit: int = 50) -> list[Document]:
        """Requests no other worker holds, each leased to this one for `LEASE`."""
        taken: list[Document] = []
        cursor = self.collection.find({"leased_until": {"$lte": now}}).limit(limit)
        async for request in cursor:
            leased = await self.collection.update_one(
                {"_id": request["_id"], "leased_until": request["leased_until"]},
                {"$set": {"leased_until": now + LEASE}},
            )
            if leased.modified_count:
                taken.append(request)
        return taken

    async def done(self, request_id: str) -> None:
        await self.collection.delete_one({"_id": request_id})
