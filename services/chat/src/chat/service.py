"""Storing a conversation step and telling the other replicas about it.

`change` takes the conversation's lease, loads it, builds a step, stores it with its messages
and events in one update, publishes the events and clears them (the outbox), then relays the
new messages: persist first, then relay, so a message seen by anyone is already stored.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import structlog
from aio_pika.exceptions import AMQPException, ChannelInvalidStateError
from pymongo.errors import PyMongoError

from chat.actions import settle
from chat.adapters.conversation_locks import ConversationLocks, LeaseTimeout
from chat.adapters.relay import AGENTS_KEY, ChatRelay, agent_key, session_key
from chat.conversation_record import ConversationRecord
from chat.queue_positions import QueuePositions
from chat.steps import ChatContext, Step
from helpdesk_runtime.publisher import EventPublisher

Build = Callable[[Step], Awaitable[bool]]
"""Fills a step from `step.record`; False means there is nothing to store."""
log = structlog.get_logger(__name__)


class ConversationConflict(RuntimeError):
    """The conversation changed under a writer holding its lease (the lease had expired)."""


TEMPORARY_FAILURES = (
    LeaseTimeout,
    ConversationConflict,
    PyMongoError,
    AMQPException,
    ChannelInvalidStateError,
)
"""A step not stored or not relayed now (busy, outage): the client may resend, its socket stays."""


class ChatService:
    def __init__(
        self,
        context: ChatContext,
        relay: ChatRelay,
        locks: ConversationLocks,
        publisher: EventPublisher,
    ) -> None:
        self.context = context
        self.relay = relay
        self.locks = locks
        self.publisher = publisher
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.positions = QueuePositions(self)

    async def change(self, session_id: str, build: Build) -> Step | None:
        """Apply one step to the conversation; None when it does not exist or nothing changed."""
        lock = self._locks.setdefault(session_id, asyncio.Lock())
        async with lock, self.locks.hold(session_id):
            record = await self.context.store.load(session_id)
            if record is None:
                return None
            step = Step(record=record, now=self.context.clock())
            if not await build(step):
                return None
            await settle(self.context, step)
            stored = step.record.model_copy(update={"version": record.version + 1})
            if not await self.context.store.save(record, stored, step.messages, step.events):
                raise ConversationConflict(session_id)  # only if a lease expired mid-step
            step.record = stored
            if step.events:
                await self._flush_outbox(session_id)
        await self.publish(step)
        return step

    async def flush_outbox(self, session_id: str, *, wait: bool = True) -> None:
        """Publish events a step stored but could not publish then (broker outage, crash).

        `wait=False` (the sweep) leaves a conversation whose lease is held: its holder is
        storing a step and publishes the outbox itself, or the next sweep does.
        """
        async with self.locks.hold(session_id, wait=wait):
            await self._flush_outbox(session_id)

    async def _flush_outbox(self, session_id: str) -> None:
        # The outbox relay of the runtime is not used: its $pullAll would race with the
        # conversation's own writes on FerretDB; under the lease nothing else writes.
        entries = await self.context.store.outbox(session_id)
        try:
            for entry in entries:
                await self.publisher.publish_entry(entry)
        except Exception as error:  # stored: the sweep publishes them when the broker is back
            log.warning("chat events not published yet", error=repr(error)[:300])
            return
        await self.context.store.clear_outbox(session_id)

    async def publish(self, step: Step) -> None:
        """Tell every replica what changed (after it is stored)."""
        record = step.record
        if step.messages:
            await self.relay.publish(session_key(record.id), messages_body(record, step))
        if step.released_agent:
            body = {"kind": "released", "session_id": record.id}
            await self.relay.publish(agent_key(step.released_agent), body)
        if step.assigned_agent:
            body = {"kind": "assigned", "session_id": record.id}
            await self.relay.publish(agent_key(step.assigned_agent), body)
        if step.queue_groups:
            groups = sorted(step.queue_groups, key=lambda group: group or "")
            await self.relay.publish(AGENTS_KEY, {"kind": "queue", "groups": groups})
            for group in groups:
                self.positions.changed(group)


def messages_body(record: ConversationRecord, step: Step) -> dict[str, Any]:
    return {
        "kind": "messages",
        "session_id": record.id,
        "routing": record.routing.value,
        "agent_id": record.agent.id if record.agent else None,
        "messages": [message.model_dump(mode="json") for message in step.messages],
    }
