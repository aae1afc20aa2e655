"""Storing a conversation step and telling the other replicas about it.

`change` builds a step on the conversation and stores it with its messages and events in one
update that names the version it built on; if another replica stored a step meanwhile, the
update matches nothing and the step is built again on that replica's version. No lease: one
update per step when this replica holds the latest version (`RecentRecords`), one load more
when it does not. Events leave through the runtime's outbox relay; new messages are relayed
once stored, with the version that holds them, so a message anyone sees is already stored.
"""

from __future__ import annotations

import asyncio
import random
import weakref
from collections.abc import Callable
from typing import Any

import structlog
from aio_pika.exceptions import AMQPException, ChannelInvalidStateError
from pymongo.errors import PyMongoError

from chat.actions import settle
from chat.adapters.message_history import crosses_a_move
from chat.adapters.relay import AGENTS_KEY, ChatRelay, agent_key, session_key
from chat.conversation_record import ConversationRecord, Routing
from chat.domain.transcript import AuthorKind
from chat.plain_messages import store_plain
from chat.queue_positions import QueuePositions
from chat.recent_records import RecentRecords
from chat.steps import Build, ChatContext, Step

"""Fills a step from `step.record`; False means there is nothing to store."""
BUSY_FOR_S = 10.0
"""How long a step keeps trying while other writers keep changing the conversation."""
log = structlog.get_logger(__name__)


class ConversationConflict(RuntimeError):
    """Other writers kept changing the conversation: the step was not stored."""


class StepRefused(ValueError):
    """What was asked cannot be done now; `code` tells the client why."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code


TEMPORARY_FAILURES = (
    ConversationConflict,
    PyMongoError,
    AMQPException,
    ChannelInvalidStateError,
)
"""A step not stored or not relayed now (busy, outage): the client may resend, its socket stays."""


class ChatService:
    def __init__(
        self, context: ChatContext, relay: ChatRelay, wake_outbox: Callable[[], None]
    ) -> None:
        self.context = context
        self.relay = relay
        self.wake_outbox = wake_outbox
        self.recent = RecentRecords()
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        self.positions = QueuePositions(self)

    async def change(self, session_id: str, build: Build) -> Step | None:
        """Apply one step to the conversation; None when it does not exist or nothing changed."""
        # One writer per conversation on this replica: a socket's messages keep their order
        # and do not race each other into version conflicts.
        async with self._locks.setdefault(session_id, asyncio.Lock()):
            read_seq, step = 0, await store_plain(self.context, self.recent, session_id, build)
            if step is None:
                read_seq, step = await self._store_step(session_id, build)
        if step is not None:
            await self.publish(step)
            if not step.plain and crosses_a_move(read_seq, step.record.seq):
                await self._keep_document_small(step)
        return step

    async def _keep_document_small(self, step: Step) -> None:
        """Every MOVE_EVERY messages, the conversation's tail is pulled (its messages have
        their own documents)."""
        try:
            await self.context.store.move_messages(step.record.id)
        except PyMongoError as error:  # stored and relayed already: the next move takes it
            log.warning("chat messages not moved", session=step.record.id, error=repr(error)[:300])

    async def _store_step(self, session_id: str, build: Build) -> tuple[int, Step | None]:
        """Build on the latest copy this replica holds, else on the stored version, and store
        the step if that version is still the stored one.

        A step decided on a copy that changes nothing or is refused is decided again on the
        stored version: a refusal must not come from a stale copy. A step that lost the race to
        another writer is built again on that writer's version, after a short random pause so
        that two busy writers do not keep colliding.
        """
        record = self.recent.get(session_id)
        from_copy = record is not None
        loop = asyncio.get_running_loop()
        give_up, lost = loop.time() + BUSY_FOR_S, 0
        while loop.time() < give_up:
            if record is None:
                record = await self.context.store.load(session_id)
                if record is None:
                    return 0, None
            record = await self._with_last_seq(record)
            step = Step(record=record, now=self.context.clock())
            try:
                changed = await build(step)
            except StepRefused:
                if not from_copy:
                    raise
                changed = False
            if not changed and not from_copy:
                return 0, None
            if changed:
                if await self._save(record, step):
                    return record.seq, step
                lost += 1
                await asyncio.sleep(random.uniform(0, min(0.2, 0.005 * 2**lost)))
            newer = self.recent.get(session_id)  # the relay may have brought the winner's
            from_copy = newer is not None and newer.version > record.version
            record = newer if from_copy else None
        raise ConversationConflict(session_id)

    async def _with_last_seq(self, record: ConversationRecord) -> ConversationRecord:
        """The record with the conversation's last seq: while an agent serves it, plain
        messages (`plain_messages.py`) are stored without its document."""
        seq = max(record.seq, self.recent.last_seq(record.id))
        if record.routing is Routing.WITH_AGENT:
            seq = max(seq, await self.context.store.history.latest_seq(record.id))
        return record.model_copy(update={"seq": seq})

    async def _save(self, read: ConversationRecord, step: Step) -> bool:
        await settle(self.context, step)
        stored = step.record.model_copy(update={"version": read.version + 1})
        if not await self.context.store.save(read, stored, step.messages, step.events):
            return False
        step.record = stored
        self.recent.keep(stored)
        if step.events:
            self.wake_outbox()
        if step.messages:  # stored with the step: now each takes its place (or the next free)
            placed = await self.context.store.place(stored.id, stored.version, step.messages)
            step.placed = [message for message, _ in placed]
            step.messages = [message for message, new in placed if new]
            self.recent.saw_seq(stored.id, step.placed[-1].seq)
        return True

    def remember_relayed(self, body: dict[str, object]) -> None:
        """Another replica stored a step: keep its version (unless this one holds it already:
        no second validation) and its last seq, the next step here builds on them."""
        session_id, stored = str(body.get("session_id")), body.get("record")
        if isinstance(stored, dict) and self.recent.lacks(session_id, stored.get("version")):
            self.recent.keep(ConversationRecord.model_validate(stored))
        messages = body.get("messages")
        if isinstance(messages, list) and messages:
            self.recent.saw_seq(session_id, int(messages[-1]["seq"]))

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


def placed_seq(step: Step | None, author: AuthorKind, built: int) -> int:
    """The seq the step's first message of `author` got once stored (a plain message whose seq
    another replica took, or a resent one, is not at the seq it was built with)."""
    placed = step.placed if step is not None else []
    return next((message.seq for message in placed if message.author_kind is author), built)


def messages_body(record: ConversationRecord, step: Step) -> dict[str, Any]:
    return {
        "kind": "messages",
        "session_id": record.id,
        "routing": record.routing.value,
        "agent_id": record.agent.id if record.agent else None,
        "messages": [message.frame() for message in step.messages],
        "record": None if step.plain else record.model_dump(mode="json"),
    }
