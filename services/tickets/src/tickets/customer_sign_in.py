"""Signing in to "Meus chamados": a customer asks for a link by email, notify mails it, and the
link's code is exchanged once for the customer token.

The request is answered the same, after the same work, whether or not the address is known
(no account enumeration, by answer or by time): it is only queued (adapters/sign_in_requests.py)
and a background worker looks the address up and sends the link. A known address gets at most
`max_per_window` links per window; a link is single-use and expires after `lifetime`
(MagicLinkPolicy, from the settings).
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import structlog

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.customers import CustomerMagicLinkRequested
from tickets.adapters.magic_links import new_link_code
from tickets.contract_events import PRODUCER
from tickets.customer_tokens import CustomerTokens
from tickets.domain.identities import normalize_email
from tickets.domain.sign_in import email_language
from tickets.service import Dependencies
from tickets.staff_sign_in import send_staff_link

log = structlog.get_logger(__name__)


async def request_magic_link(
    deps: Dependencies, *, email: str, accept_language: str | None
) -> None:
    """Queue the request; the same single write whether or not `email` is a contact's."""
    await deps.sign_in_requests.add(
        email=email, accept_language=accept_language, at=datetime.now(UTC)
    )


async def send_requested_links(deps: Dependencies) -> None:
    """The worker: handles queued requests as they arrive (and every poll, for other replicas'
    requests and those a crashed worker held)."""
    while True:
        try:
            for request in await deps.sign_in_requests.take(datetime.now(UTC)):
                send = send_staff_link if request.get("staff") else _send_link
                await send(deps, email=request["email"], accept_language=request["accept_language"])
                await deps.sign_in_requests.done(request["_id"])
        except Exception as error:  # database outage: the requests wait for the next round
            log.warning("sign-in links paused", error=repr(error)[:300])
        await deps.sign_in_requests.wait(deps.settings.outbox_poll_s)


async def _send_link(deps: Dependencies, *, email: str, accept_language: str | None) -> None:
    """Send a sign-in link to `email` when it is a contact's and not asked too often; else
    nothing."""
    contact = await deps.contacts.find_by_email(email)
    if contact is None:
        log.info("magic link asked for an unknown address")
        return
    address = normalize_email(email)
    policy = deps.settings.magic_link_policy
    now = datetime.now(UTC)
    sent_lately = await deps.magic_links.sent_since(address, policy.window_start(now))
    if not policy.allows_another(sent_lately):
        log.warning("magic link refused: too many requests for the address", contact_id=contact.id)
        return
    code = new_link_code()
    expires_at = policy.expires_at(now)
    event = CustomerMagicLinkRequested(
        contact_id=contact.id,
        name=contact.name or None,
        email=address,
        language=email_language(contact.language, accept_language),
        link=f"{deps.settings.customer_portal_url}?{urlencode({'code': code})}",
        expires_at=expires_at,
    )
    await deps.magic_links.send(
        code=code,
        holder_id=contact.id,
        email=address,
        now=now,
        window_start=policy.window_start(now),
        expires_at=expires_at,
        events=[new_envelope(event, producer=PRODUCER, occurred_at=now)],
    )
    deps.wake_sign_in_relay()


async def redeem_magic_link(deps: Dependencies, tokens: CustomerTokens, *, code: str) -> str | None:
    """The customer token for the contact the link was sent to (or the contact it was merged
    into since); None when the code is unknown, used or expired."""
    contact_id = await deps.magic_links.redeem(code, datetime.now(UTC))
    contact = await deps.contacts.current(contact_id) if contact_id else None
    return await tokens.issue(contact.id) if contact else None


async def signed_in_requester(
    deps: Dependencies, tokens: CustomerTokens, token: str | None
) -> str | None:
    """The contact id a customer token speaks for (a contact merge re-points its sessions to
    the survivor); None when absent, forged, signed out or expired. One lookup by `_id`."""
    return await tokens.contact_of(token) if token else None
