"""The domain's TicketDirectory over the tickets collection; remembers the records it found."""

from __future__ import annotations

from collections.abc import Sequence

from tickets.adapters.records import TicketRecord
from tickets.adapters.ticket_store import TicketStore
from tickets.domain.model import Ticket
from tickets.domain.status import ACTIVE_STATUSES


class StoredTicketDirectory:
    def __init__(self, store: TicketStore) -> None:
        self._store = store
        self.found: dict[int, TicketRecord] = {}

    def _keep(self, record: TicketRecord | None) -> Ticket | None:
        if record is None:
            return None
        self.found[record.number] = record
        return record.ticket

    async def find_by_message_ids(self, message_ids: Sequence[str]) -> Ticket | None:
        for message_id in message_ids:  # in the order given: In-Reply-To first
            if found := await self._store.find_one({"message_ids": message_id}):
                return self._keep(found)
        return None

    async def find_by_reply_token(self, token: str) -> Ticket | None:
        return self._keep(await self._store.find_one({"reply_token": token}))

    async def find_open_by_whatsapp(self, conversation_id: str) -> Ticket | None:
        active = [s.value for s in ACTIVE_STATUSES]
        query = {"whatsapp_conversation_id": conversation_id, "status": {"$in": active}}
        return self._keep(await self._store.find_one(query))

    async def find_by_number(self, number: int) -> Ticket | None:
        return self._keep(await self._store.get(number))
