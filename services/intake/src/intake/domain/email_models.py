"""What intake knows about one inbound email once it is parsed."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

EmailKind = Literal["message", "auto_reply", "bounce", "own"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class EmailAddress(_Frozen):
    """One mailbox from an address header: the address and its decoded display name."""

    address: str
    name: str | None = None

    def matches(self, other: str) -> bool:
        """Whether this mailbox is `other`, compared case-insensitively."""
        return self.address.casefold() == other.strip().casefold()


class ForwardedMessage(_Frozen):
    """Headers of a message/rfc822 part carried inside the email (a forward or a bounce copy)."""

    subject: str
    sender: EmailAddress | None
    message_id: str | None
    date: datetime | None
    attachment_filename: str


class Attachment(_Frozen):
    """A file carried by the email, with what the archive and the agent need to know about it."""

    model_config = ConfigDict(frozen=True, extra="forbid", ser_json_bytes="base64")

    filename: str
    content_type: str
    size: int
    sha256: str
    content: bytes
    inline: bool
    content_id: str | None
    dangerous: bool
    risk_reason: str | None


class BounceReport(_Frozen):
    """What a delivery status notification says about one of our outgoing messages."""

    original_message_id: str | None
    failed_recipient: str | None
    action: str
    status: str | None
    permanent: bool
    reason: str


class InboundEmail(_Frozen):
    """An inbound email reduced to what tickets, threading and the archive need.

    Message ids keep their angle brackets (`<id@host>`), exactly as in the headers.
    """

    message_id: str
    message_id_synthesized: bool
    in_reply_to: str | None
    references: tuple[str, ...]
    sender: EmailAddress
    reply_to: tuple[EmailAddress, ...]
    to: tuple[EmailAddress, ...]
    cc: tuple[EmailAddress, ...]
    support_address: str | None
    reply_token: str | None
    ticket_number_hint: str | None
    subject: str
    date: datetime | None
    text: str
    visible_text: str
    html: str | None
    attachments: tuple[Attachment, ...]
    forwarded: tuple[ForwardedMessage, ...]
    kind: EmailKind
    kind_reason: str | None
    bounce: BounceReport | None
    size: int
    raw_sha256: str
    defects: tuple[str, ...]


class UnparseableEmail(_Frozen):
    """A clear rejection: the bytes are not an email intake can act on, and why."""

    reason: str
    size: int
    raw_sha256: str
