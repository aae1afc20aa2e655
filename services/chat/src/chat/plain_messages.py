"""A plain message: stored by one insert, without touching the conversation document.

A customer's or an agent's text while an agent serves the conversation changes nothing but
the conversation's messages: the step built on this replica's copy adds one message, no event,
no routing, no field but `seq` (and the client's id, which the message's key carries). Such a
step is stored by claiming its seq in `chat_messages` (one insert; `message_history.py`). If
another replica took that seq meanwhile, the step is built again after the last seq stored.
Anything else (a shortcut, a notice of the assistant, the first message after the chat was
recorded on a ticket, a copy this replica does not hold) is a step on the conversation
document (`service.py`).
"""

from __future__ import annotations

from chat.actions import settle
from chat.adapters.conversation_store import changed_fields
from chat.adapters.message_history import Claim, client_key
from chat.conversation_record import ConversationRecord, Routing
from chat.recent_records import RecentRecords
from chat.steps import Build, ChatContext, Step

TRIES = 5
"""Seqs tried before the step goes to the conversation document instead."""
_PLAIN_FIELDS = frozenset({"seq", "client_ids"})


async def store_plain(
    context: ChatContext, recent: RecentRecords, session_id: str, build: Build
) -> Step | None:
    """Store the step as a plain message if it is one; None when it must be a full step."""
    record = recent.get(session_id)
    for _ in range(TRIES):
        if record is None or record.routing is not Routing.WITH_AGENT:
            return None
        read = record.model_copy(update={"seq": recent.last_seq(session_id)})
        step = Step(record=read, now=context.clock())
        try:
            if not await build(step):
                return None
        except ValueError:  # refused on a copy: decided again on the stored version
            return None
        await settle(context, step)
        if not is_plain(read, step):
            return None
        message = step.messages[0]
        key = client_key(session_id, message.client_message_id or "")
        claim = await context.store.history.claim(
            session_id, message, key if message.client_message_id else None
        )
        step.plain = True
        if claim is Claim.STORED:
            recent.saw_seq(session_id, message.seq)
            step.placed = [message]
            return step
        if claim is Claim.KNOWN:  # a resent frame: stored once, shown once
            seq = await context.store.history.seq_of(key) or message.seq
            step.placed, step.messages = [message.model_copy(update={"seq": seq})], []
            return step
        recent.saw_seq(session_id, await context.store.history.latest_seq(session_id))
        record = recent.get(session_id)
    return None


def is_plain(read: ConversationRecord, step: Step) -> bool:
    """One message and nothing else: no event, no queue or agent change, no other field."""
    return (
        len(step.messages) == 1
        and not step.events
        and not step.queue_groups
        and step.released_agent is None
        and step.assigned_agent is None
        and changed_fields(read, step.record) <= _PLAIN_FIELDS
    )
