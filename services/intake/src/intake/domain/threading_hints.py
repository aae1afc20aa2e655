"""What an inbound email says about the conversation it belongs to."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_BARE_MESSAGE_ID = re.compile(r"^[^<>\s@]+@[^<>\s@]+$")
_REPLY_TOKEN = re.compile(r"^[A-Za-z0-9._=-]{1,64}$")
# "[#123456]" anywhere; otherwise only after a word that says it is our ticket, so that a
# customer's own "Pedido #123456" is never taken for a ticket number.
_TICKET_NUMBER = (
    re.compile(r"\[\s*(?:(?:chamado|ticket|protocolo)\s*)?#\s*(\d{1,12})\s*\]", re.IGNORECASE),
    re.compile(
        r"\b(?:chamado|ticket|protocolo)\s*(?:#|n[º°o]\.?\s*#?|:\s*#?)\s*(\d{1,12})\b",
        re.IGNORECASE,
    ),
)


def message_ids(value: str | None) -> tuple[str, ...]:
    """Every `<id>` in a Message-ID, In-Reply-To or References value, in order, once each."""
    if not value:
        return ()
    found = [f"<{match}>" for match in _MESSAGE_ID.findall(value)]
    if not found and _BARE_MESSAGE_ID.match(value.strip()):
        found = [f"<{value.strip()}>"]
    return tuple(dict.fromkeys(found))


def reply_token(recipients: Iterable[str], support_addresses: Iterable[str]) -> str | None:
    """The token of the first recipient shaped `suporte+<token>@domain` for a support address."""
    supported = {address.strip().casefold() for address in support_addresses}
    for recipient in recipients:
        local, at, domain = recipient.strip().rpartition("@")
        base, plus, token = local.partition("+")
        if not (at and plus and token):
            continue
        if f"{base}@{domain}".casefold() in supported and _REPLY_TOKEN.match(token):
            return token
    return None


def support_address(recipients: Iterable[str], support_addresses: Iterable[str]) -> str | None:
    """The configured support address the email was sent to (a `+token` suffix is ignored)."""
    configured = {address.strip().casefold(): address for address in support_addresses}
    for recipient in recipients:
        local, _, domain = recipient.strip().rpartition("@")
        base = local.partition("+")[0]
        match = configured.get(f"{base}@{domain}".casefold())
        if match is not None:
            return match
    return None


def ticket_number_hint(subject: str) -> str | None:
    """A ticket number the subject names, such as "[#123456]" or "Chamado nº 123456"."""
    for pattern in _TICKET_NUMBER:
        found = pattern.search(subject)
        if found:
            return found[1]
    return None
