"""What every use case shares: its dependencies, storing an outcome with its events, and
opening a ticket (with its protocol number and round-robin assignment)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from pymongo.errors import DuplicateKeyError

from helpdesk_contracts.common import Requester
from helpdesk_runtime.key_leases import KeyLeases
from tickets.adapters.contact_merges import ContactMergeStore
from tickets.adapters.contact_store import ContactStore
from tickets.adapters.magic_links import MagicLinkStore
from tickets.adapters.organization_store import OrganizationStore
from tickets.adapters.records import TicketRecord, new_reply_token
from tickets.adapters.sign_in_requests import SignInRequestQueue
from tickets.adapters.staff_store import StaffStore
from tickets.adapters.ticket_store import TicketStore
from tickets.contract_events import Cause, envelopes, staff_ids
from tickets.domain.agents import RoundRobinPick, pick_next_assignee
from tickets.domain.events import Outcome, TicketEvent
from tickets.domain.model import SYSTEM, Actor, Priority
from tickets.domain.opening import InboundMessage, open_ticket
from tickets.domain.priority_rules import PriorityDecision, TicketFacts
from tickets.domain.triage import assign
from tickets.settings import TicketsSettings

NUMBER_ATTEMPTS = 20
TURN_ATTEMPTS = 20


@dataclass(frozen=True)
class Dependencies:
    tickets: TicketStore
    contacts: ContactStore
    staff: StaffStore
    magic_links: MagicLinkStore
    staff_links: MagicLinkStore
    organizations: OrganizationStore
    contact_merges: ContactMergeStore
    sign_in_requests: SignInRequestQueue
    settings: TicketsSettings
    wake_relay: Callable[[], None]
    wake_sign_in_relay: Callable[[], None]
    wake_staff_link_relay: Callable[[], None]
    # A requester's inbound messages are applied one at a time across every replica:
    # threading and the duplicate guard depend on what that requester's earlier messages did.
    requester_leases: KeyLeases


async def store_change(
    deps: Dependencies,
    *,
    before: TicketRecord | None,
    after: TicketRecord,
    events: Sequence[TicketEvent],
    cause: Cause,
    target: TicketRecord | None = None,
) -> None:
    """Write the change and its events in one update (insert when `before` is None); an
    outcome without events changed nothing and writes nothing."""
    if not events:
        return
    staff = await deps.staff.staff_members(staff_ids(after, events))
    wrapped = envelopes(
        events,
        record=after,
        staff=staff,
        cause=cause,
        csat_window=deps.settings.csat_window,
        target=target,
    )
    if before is None:
        await deps.tickets.insert(after, wrapped)
    else:
        await deps.tickets.update(after, wrapped, loaded_version=before.ticket.version)
    deps.wake_relay()


async def open_new_ticket(
    deps: Dependencies,
    message: InboundMessage,
    *,
    requester: Requester,
    now: datetime,
    cause: Cause,
    organization_id: str | None = None,
    category: str | None = None,
    subcategory: str | None = None,
    priority: Priority | None = None,
    group_id: str | None = None,
    linked_to: int | None = None,
    opened_by: Actor | None = None,
) -> TicketRecord:
    """A new ticket with the next protocol number, assigned round-robin when its group asks.

    A number another writer already used (FerretDB's $inc is not atomic across connections)
    fails the insert on `_id`; the ticket then takes the next number."""
    settings = deps.settings
    contract_level = await deps.organizations.contract_level(organization_id)
    chosen = (
        PriorityDecision(priority, None)
        if priority is not None
        else settings.rules.decide(
            TicketFacts(category, subcategory, f"{message.subject}\n{message.text}", contract_level)
        )
    )
    for _ in range(NUMBER_ATTEMPTS):
        opened = open_ticket(
            message,
            number=await _next_number(deps),
            now=now,
            priority=chosen.priority,
            priority_rule=chosen.rule,
            organization_id=organization_id,
            contract_level=contract_level,
            category=category,
            subcategory=subcategory,
            group_id=group_id or settings.group_for(category),
            linked_to=linked_to,
            opened_by=opened_by,
        )
        outcome = await assign_round_robin(deps, opened, now=now)
        record = TicketRecord(
            ticket=outcome.ticket, requester=requester, reply_token=new_reply_token()
        ).with_ticket(outcome.ticket)
        try:
            await store_change(deps, before=None, after=record, events=outcome.events, cause=cause)
        except DuplicateKeyError:
            continue
        return record
    raise RuntimeError(f"no free protocol number after {NUMBER_ATTEMPTS} attempts")


async def assign_round_robin(deps: Dependencies, outcome: Outcome, *, now: datetime) -> Outcome:
    """`outcome` followed by the assignment to the group's next available agent, if any.

    The turn is taken (the group's pointer moved) before the ticket is stored, by a conditional
    update: tickets opened at once in one group, here or in another replica, each get the next
    agent rather than all the same one."""
    ticket = outcome.ticket
    if ticket.group_id is None or ticket.assignee_id is not None:
        return outcome
    pick = await _take_next_turn(deps, ticket.group_id)
    if pick is None:
        return outcome
    assigned = assign(ticket, assignee_id=pick.agent_id, actor=SYSTEM, now=now)
    return Outcome(ticket=assigned.ticket, events=(*outcome.events, *assigned.events))


async def _take_next_turn(deps: Dependencies, group_id: str) -> RoundRobinPick | None:
    """The group's next agent, with the pointer moved to them; after a few turns lost to other
    writers the pick stands without moving it (a fair turn matters less than the ticket)."""
    pick: RoundRobinPick | None = None
    for _ in range(TURN_ATTEMPTS):
        group = await deps.staff.group(group_id)
        pick = (
            pick_next_assignee(group, await deps.staff.agents(group_id=group_id)) if group else None
        )
        if (
            group is None
            or pick is None
            or await deps.staff.take_turn(before=group, after=pick.group)
        ):
            return pick
    return pick


async def _next_number(deps: Dependencies) -> int:
    return await deps.tickets.next_number()
