"""Per-contact preferences (set by staff) and each WhatsApp number's last inbound message.

Preferences are keyed by contact id (the requester's ``contact_id``; staff by ``staff:<id>``).
The WhatsApp service window is keyed by the number itself, since intake knows the number before
the tickets service knows the contact.
"""

from __future__ import annotations

from datetime import datetime

from pymongo.asynchronous.collection import AsyncCollection

from helpdesk_runtime.database import Document
from notify.domain.contacts import Channel, ContactPreferences


class ContactBook:
    """Preferences and WhatsApp windows in MongoDB."""

    def __init__(
        self,
        preferences: AsyncCollection[Document],
        whatsapp_windows: AsyncCollection[Document],
    ) -> None:
        self._preferences = preferences
        self._windows = whatsapp_windows

    async def preferences(self, contact_id: str) -> ContactPreferences:
        """What the contact asked for; the defaults when nobody set anything."""
        document = await self._preferences.find_one({"_id": contact_id})
        if document is None:
            return ContactPreferences()
        return ContactPreferences(
            preferred_channels=tuple(Channel(c) for c in document["preferred_channels"]),
            opted_out=frozenset(Channel(c) for c in document["opted_out"]),
        )

    async def set_preferences(
        self, contact_id: str, preferences: ContactPreferences, at: datetime
    ) -> None:
        await self._preferences.update_one(
            {"_id": contact_id},
            {
                "$set": {
                    "preferred_channels": [c.value for c in preferences.preferred_channels],
                    "opted_out": sorted(c.value for c in preferences.opted_out),
                    "updated_at": at,
                }
            },
            upsert=True,
        )

    async def saw_whatsapp_message(self, whatsapp_id: str, at: datetime) -> None:
        """The number wrote to us at ``at``; older reports never shrink the window."""
        await self._windows.update_one(
            {"_id": whatsapp_id}, {"$max": {"last_inbound_at": at}}, upsert=True
        )

    async def last_whatsapp_message(self, whatsapp_id: str) -> datetime | None:
        document = await self._windows.find_one({"_id": whatsapp_id})
        return None if document is None else document["last_inbound_at"]
