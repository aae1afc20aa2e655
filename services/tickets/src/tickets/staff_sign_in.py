"""Signing in to the analysts' workspace (`/desk/`): a staff member asks for a link by email,
notify mails it to the address the staff directory holds, and the desk trades the link's code
once for a staff bearer token, which it keeps server-side.

The same guarantees as the customer's link (customer_sign_in.py): the request is only queued,
so the answer is the same, after the same work, for unknown addresses; at most
`magic_link_max_per_window` links per address and window; single-use; expires after
`magic_link_lifetime_s`. Staff links live in their own collection, so a customer's code never
signs anyone in as staff.
"""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

import structlog

from helpdesk_contracts.envelope import new_envelope
from helpdesk_contracts.events.staff import StaffSignInLinkRequested
from helpdesk_runtime.staff_tokens import token_ids
from tickets.adapters.magic_links import new_link_code
from tickets.contract_events import PRODUCER
from tickets.domain.identities import normalize_email
from tickets.domain.sign_in import email_language
from tickets.service import Dependencies

log = structlog.get_logger(__name__)


async def request_staff_link(
    deps: Dependencies, *, email: str, accept_language: str | None
) -> None:
    """Queue the request; the same single write whether or not `email` is a staff member's."""
    await deps.sign_in_requests.add(
        email=email, accept_language=accept_language, at=datetime.now(UTC), staff=True
    )


async def send_staff_link(deps: Dependencies, *, email: str, accept_language: str | None) -> None:
    """Send a workspace link when `email` is an active agent's and not asked too often."""
    address = normalize_email(email)
    agent = await deps.staff.active_agent_with_email(email, address)
    if agent is None:
        log.info("staff sign-in link asked for an unknown address")
        return
    policy = deps.settings.magic_link_policy
    now = datetime.now(UTC)
    if not policy.allows_another(
        await deps.staff_links.sent_since(address, policy.window_start(now))
    ):
        log.warning("staff sign-in link refused: too many requests", agent_id=agent.id)
        return
    code = new_link_code()
    event = StaffSignInLinkRequested(
        agent_id=agent.id,
        name=agent.name,
        email=address,
        language=email_language(None, accept_language),
        link=f"{deps.settings.staff_desk_url}?{urlencode({'code': code})}",
        expires_at=policy.expires_at(now),
    )
    await deps.staff_links.send(
        code=code,
        holder_id=agent.id,
        email=address,
        now=now,
        window_start=policy.window_start(now),
        expires_at=event.expires_at,
        events=[new_envelope(event, producer=PRODUCER, occurred_at=now)],
    )
    deps.wake_staff_link_relay()


async def redeem_staff_link(deps: Dependencies, *, code: str) -> str | None:
    """A new bearer token for the active agent the link was sent to; None when the code is
    unknown, used or expired, or the agent was deactivated since."""
    agent_id = await deps.staff_links.redeem(code, datetime.now(UTC))
    agent = await deps.staff.agent(agent_id) if agent_id else None
    if agent is None or not agent.active:
        return None
    return await deps.staff.issue_token(agent)


async def end_staff_session(deps: Dependencies, *, token: str) -> None:
    """Revoke `token` everywhere (the other services learn it from the staff directory)."""
    ids = token_ids(token)
    if ids is not None:
        await deps.staff.revoke_token(ids.token_id)
