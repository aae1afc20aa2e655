"""Telling what is due on a clock exactly once, and recomputing clocks on a new configuration.

The sweep (`deadline_sweep`) finds the due clocks by a range on their indexed next deadline,
never by reading every open ticket. Each is claimed atomically with a lease, so two replicas
never handle the same clock at once; what the holder computed (the clock marking the steps as
told, its next deadline and the events) is stored in one update that also releases the lease and
checks the version it read. A replica killed while holding a lease leaves it to expire; one
killed before storing leaves the clock due; either way the steps are told by whoever stores
first, and once. The people each step tells are looked up while the lease is held and stored
with the step.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from helpdesk_contracts.base import EventPayload
from helpdesk_contracts.common import StaffMember
from sla.adapters.clock_store import clock_fields
from sla.domain.due_actions import due_actions
from sla.people_to_tell import RoleRoster, people_to_tell
from sla.service import SlaDependencies, on_current_config
from sla.sla_events import action_event, clock_updated, envelopes, roles_to_tell, visible_state


async def handle_due_clock(
    deps: SlaDependencies,
    number: int,
    *,
    now: datetime,
    owner: str,
    lease: timedelta,
    staff: RoleRoster,
) -> bool:
    """Claim one due clock, tell what is due and store it; False when another replica has it.

    `staff` answers who holds a role (read once per pass, see `people_to_tell.StaffByRole`).
    """
    until = deps.time.now() + lease  # from the claim itself: a pass may take a while
    stored = await deps.clocks.claim(number, now=now, owner=owner, until=until)
    if stored is None:
        return False
    if stored.config_version > deps.config.version:  # another replica stored a newer one
        await deps.config.refresh(deps.configs)
    policy = deps.config.policy
    clock, actions = due_actions(on_current_config(stored, deps.config, now), now)
    assignee = StaffMember.model_validate(stored.assignee) if stored.assignee else None
    payloads: list[EventPayload | None] = []
    for action in actions:
        people = await people_to_tell(
            roles_to_tell(action),
            assignee=assignee,
            group=stored.group,
            staff=staff,
            ticket_number=number,
        )
        payloads.append(action_event(clock, action, people))
    if visible_state(clock) != visible_state(stored.clock):
        payloads.append(clock_updated(clock, now, policy))
    told = envelopes(payloads, now=now, correlation_id=stored.correlation_id)
    fields = {**clock_fields(clock, deps.time.now(), policy), "config_version": deps.config.version}
    stored_it = await deps.clocks.finish(
        number, version=stored.version, owner=owner, fields=fields, events=told
    )
    if not stored_it:  # a ticket event changed the clock meanwhile: it is due again, retry
        await deps.clocks.release(number, owner)
        return False
    if told:
        deps.events_stored()
    return True


async def recompute_batch(deps: SlaDependencies, *, size: int) -> tuple[int, bool]:
    """Recompute up to `size` open clocks computed on an older configuration.

    Returns (how many were read, whether every one of them was stored).
    """
    now, config = deps.time.now(), deps.config
    batch = await deps.clocks.computed_before(config.version, size)
    complete = True
    for stored in batch:
        clock = on_current_config(stored, config, now)
        fields = {**clock_fields(clock, now, config.policy), "config_version": config.version}
        changed = visible_state(clock) != visible_state(stored.clock)
        payloads = [clock_updated(clock, now, config.policy)] if changed else []
        told = envelopes(payloads, now=now, correlation_id=stored.correlation_id)
        number = stored.clock.ticket_number
        complete = await deps.clocks.replace(number, stored.version, fields, told) and complete
    if batch:
        deps.events_stored()
        deps.deadlines_changed()
    return len(batch), complete
