"""Telling queued customers their new place when the queue moves.

One refresh round per group runs at a time on a replica; changes arriving meanwhile ask for one
more round instead of starting their own. Each round reads the queue once and moves only the
customers whose place changed: agents taking 200 queued chats cost a few rounds, not 200 rounds
of 50 updates that each counted the queue again (a collection scan apiece without indexes, as
on FerretDB, which starved every other writer of the database).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from functools import partial

import structlog

from chat.actions import run_turn
from chat.domain.action_results import QueuePositionChanged
from chat.domain.assistant import handle_result
from chat.domain.conversation import Stage
from chat.steps import ConversationWriter, Step

Group = str | None
log = structlog.get_logger(__name__)


class QueuePositions:
    def __init__(self, service: ConversationWriter) -> None:
        self._service = service
        self._wanted: set[Group] = set()
        self._running: dict[Group, asyncio.Task[None]] = {}

    def changed(self, group: Group) -> None:
        """The queue of `group` changed here: refresh it (after the round in progress)."""
        self._wanted.add(group)
        if group not in self._running:
            self._running[group] = asyncio.create_task(self._rounds(group))

    def changed_elsewhere(self, groups: Iterable[Group]) -> None:
        """Another replica changed these queues: a round running here read a stale queue."""
        self._wanted.update(group for group in groups if group in self._running)

    async def _rounds(self, group: Group) -> None:
        try:
            while group in self._wanted:
                self._wanted.discard(group)
                await self.refresh(group)
        except Exception as error:  # the next queue change refreshes again
            log.warning("queue positions not refreshed", error=repr(error)[:300])
        finally:
            del self._running[group]

    async def refresh(self, group: Group) -> None:
        """Tell queued customers of `group` their place (the first 50 of the queue)."""
        queued = await self._service.context.store.queued(group)
        for position, record in enumerate(queued, start=1):
            if record.conversation.queue_position != position:  # only those who moved
                await self._service.change(record.id, partial(self._move, position))

    async def _move(self, position: int, step: Step) -> bool:
        conversation = step.record.conversation
        if conversation.stage is not Stage.QUEUED or position == conversation.queue_position:
            return False
        moved = QueuePositionChanged(position=position)
        context = self._service.context
        await run_turn(context, step, handle_result(context.profile, conversation, moved))
        return True
