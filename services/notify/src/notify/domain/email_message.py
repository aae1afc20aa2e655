"""Building the outgoing email: multipart text + HTML, our Message-ID and ticket threading.

Auto-Submitted: notifications are machine-written, so they carry ``Auto-Submitted:
auto-generated`` (RFC 3834) and ``X-Auto-Response-Suppress: All`` (Exchange) and out-of-office
robots do not answer them into the ticket. A message relaying an agent's reply is a person
talking to the customer: it carries neither header, so mail clients file and show it like any
personal reply, and the customer's own systems treat it as a conversation.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from helpdesk_runtime.header_text import header_text
from notify.domain.delivery import DeliveryKey
from notify.domain.kinds import NotificationKind
from notify.domain.rendering import RenderedMessage, one_line

DISPLAY_NAME_LIMIT = 64
"""Longest display name in To. A quoted name (one with a comma, ``<`` …) longer than a header
line is split unquoted by Python's folder; this one always fits on a line by itself."""
MAX_REFERENCES = 10
"""References keeps the thread root and the most recent ids; long threads stay readable."""

TICKET_HEADER = "X-Helpdesk-Ticket"
KIND_HEADER = "X-Helpdesk-Notification"

_MESSAGE_ID = re.compile(r"^<[^<>\s@]+@[^<>\s@]+>$")
_REPLY_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


@dataclass(frozen=True)
class MailSender:
    """Our side of the conversation: ``Suporte Acme <suporte@acme.com.br>``."""

    display_name: str
    local_part: str
    domain: str
    message_id_domain: str | None = None

    @property
    def address(self) -> Address:
        """The From address."""
        return Address(display_name=self.display_name, username=self.local_part, domain=self.domain)


@dataclass(frozen=True)
class EmailThread:
    """What the ticket already knows about its mail thread.

    ``earlier_message_ids`` are the ticket's message ids, oldest first (inbound and ours).
    ``reply_token`` routes replies back to the ticket; None leaves Reply-To out (staff mail).
    """

    earlier_message_ids: tuple[str, ...] = ()
    reply_token: str | None = None


def recipient(name: str, address: str) -> Address:
    """The To address: the name decoded, cleaned, cut to fit a line; the address as given."""
    return Address(display_name=header_text(name, limit=DISPLAY_NAME_LIMIT), addr_spec=address)


def message_id_for(delivery_key: DeliveryKey, domain: str) -> str:
    """Our Message-ID for a delivery: the same on every retry, so a resend is recognizably one."""
    digest = hashlib.sha256(str(delivery_key).encode()).hexdigest()[:32]
    return f"<notify.{digest}@{domain}>"


def reply_address(local_part: str, reply_token: str, domain: str) -> str:
    """The ticket's reply address, ``suporte+<token>@domain``, which intake maps to the ticket."""
    if not _REPLY_TOKEN.match(reply_token):
        raise ValueError(f"reply token {reply_token!r} is not safe in an address")
    return f"{local_part}+{reply_token}@{domain}"


def normalized_message_id(raw: str) -> str | None:
    """A stored message id in ``<left@right>`` form, or None when it cannot be used."""
    candidate = raw.strip()
    if not candidate.startswith("<"):
        candidate = f"<{candidate}>"
    return candidate if _MESSAGE_ID.match(candidate) else None


def thread_references(earlier: Sequence[str], limit: int = MAX_REFERENCES) -> tuple[str, ...]:
    """References for the next message: valid ids, deduplicated, first one plus the latest ones."""
    if limit < 2:
        raise ValueError("References needs room for the thread root and the latest message")
    usable = [mid for mid in map(normalized_message_id, earlier) if mid is not None]
    unique = tuple(dict.fromkeys(usable))
    if len(unique) <= limit:
        return unique
    return (unique[0], *unique[-(limit - 1) :])


def build_email(
    *,
    message: RenderedMessage,
    kind: NotificationKind,
    ticket_number: str | None,
    to_name: str,
    to_address: str,
    sender: MailSender,
    thread: EmailThread,
    delivery_key: DeliveryKey,
    sent_at: datetime,
) -> EmailMessage:
    """The email ready for the SMTP relay: multipart/alternative with threading headers."""
    if sent_at.tzinfo is None:
        raise ValueError("sent_at must be timezone-aware")
    email = EmailMessage()
    email["Message-ID"] = message_id_for(delivery_key, sender.message_id_domain or sender.domain)
    email["Date"] = format_datetime(sent_at)
    email["From"] = sender.address
    email["To"] = recipient(to_name, to_address)
    if thread.reply_token is not None:
        email["Reply-To"] = reply_address(sender.local_part, thread.reply_token, sender.domain)
    email["Subject"] = one_line(message.subject)
    references = thread_references(thread.earlier_message_ids)
    if references:
        email["In-Reply-To"] = references[-1]
        email["References"] = " ".join(references)
    if not kind.carries_agent_reply:
        email["Auto-Submitted"] = "auto-generated"
        email["X-Auto-Response-Suppress"] = "All"
    if ticket_number is not None:
        email[TICKET_HEADER] = ticket_number
    email[KIND_HEADER] = kind.value
    email.set_content(message.text, cte="quoted-printable")
    email.add_alternative(message.html, subtype="html", cte="quoted-printable")
    email["Content-Language"] = message.language.value  # set_content drops Content-* headers
    return email
