"""People we notify, the channels we can reach them on, and what they asked for."""

import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from helpdesk_runtime.header_text import header_text

STAFF_CONTACT_PREFIX = "staff:"
"""Staff contacts are keyed ``staff:<agent id>`` so they never collide with a customer's id."""
_EMAIL_SHAPE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WHATSAPP_SHAPE = re.compile(r"^[1-9][0-9]{7,14}$")
_WHATSAPP_SEPARATORS = re.compile(r"[\s()+.-]")


class Channel(StrEnum):
    """An outbound channel."""

    EMAIL = "email"
    WHATSAPP = "whatsapp"


class ContactPreferences(BaseModel):
    """Channels a contact wants updates on (in order of preference) and channels they refused."""

    model_config = ConfigDict(frozen=True)

    preferred_channels: tuple[Channel, ...] = (Channel.EMAIL, Channel.WHATSAPP)
    opted_out: frozenset[Channel] = frozenset()


class Contact(BaseModel):
    """A requester or a staff member, with whatever addresses we know for them."""

    model_config = ConfigDict(frozen=True)

    contact_id: str = Field(min_length=1)
    name: str = ""
    email: str | None = None
    whatsapp_id: str | None = None
    language: str | None = None
    preferences: ContactPreferences = ContactPreferences()

    @property
    def first_name(self) -> str:
        """What a greeting uses (one clean word); empty when we do not know the name."""
        words = header_text(self.name).split()
        return words[0] if words else ""


def usable_email(address: str | None) -> str | None:
    """The address when it can be written into a To header safely, else None."""
    if address is None:
        return None
    candidate = address.strip()
    return candidate if _EMAIL_SHAPE.match(candidate) else None


def usable_whatsapp_id(number: str | None) -> str | None:
    """The WhatsApp id as the Cloud API wants it (country code and digits only), else None."""
    if number is None:
        return None
    digits = _WHATSAPP_SEPARATORS.sub("", number)
    return digits if _WHATSAPP_SHAPE.match(digits) else None


def address_for(contact: Contact, channel: Channel) -> str | None:
    """The contact's usable address on a channel, or None."""
    if channel is Channel.EMAIL:
        return usable_email(contact.email)
    return usable_whatsapp_id(contact.whatsapp_id)


def raw_address_for(contact: Contact, channel: Channel) -> str | None:
    """What we have on file for the channel, usable or not (to tell "missing" from "invalid")."""
    raw = contact.email if channel is Channel.EMAIL else contact.whatsapp_id
    return raw if raw and raw.strip() else None


def staff_contact_id(agent_id: str) -> str:
    return STAFF_CONTACT_PREFIX + agent_id
