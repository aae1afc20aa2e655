"""One step of a conversation: the assistant's turn, the actions it asks for, their results.

A step is computed in memory (reads only) and then stored as one single-document update with
the messages it adds and the events it causes, so nothing of a step is ever half done.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from chat.adapters.agent_roster import AgentRoster
from chat.adapters.conversation_store import ConversationStore
from chat.adapters.support_calendar import SupportCalendar
from chat.adapters.ticket_directory import TicketDirectory
from chat.conversation_record import ChatMessage, ClientMessageId, ConversationRecord, bot_message
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import BotReply
from chat.domain.transcript import AuthorKind
from chat.settings import ChatSettings
from helpdesk_contracts.common import AttachmentRef
from helpdesk_contracts.envelope import Envelope


@dataclass(frozen=True)
class ChatContext:
    """What every use case of the chat service needs."""

    profile: AssistantProfile
    store: ConversationStore
    tickets: TicketDirectory
    roster: AgentRoster
    calendar: SupportCalendar
    settings: ChatSettings
    clock: Callable[[], datetime]


@dataclass
class Step:
    """The changes of one step, applied to `record` as they are found."""

    record: ConversationRecord
    now: datetime
    messages: list[ChatMessage] = field(default_factory=list)
    events: list[Envelope[Any]] = field(default_factory=list)
    queue_groups: set[str | None] = field(default_factory=set)
    released_agent: str | None = None
    assigned_agent: str | None = None
    placed: list[ChatMessage] = field(default_factory=list)
    """Once stored: every message of the step at the seq it got (a resent one included)."""
    plain: bool = False
    """Stored as a plain message: the conversation document did not change."""

    def update(self, **changes: Any) -> None:
        self.record = self.record.model_copy(update=changes)

    def add_message(
        self,
        author_kind: AuthorKind,
        author_name: str,
        text: str,
        *,
        attachments: tuple[AttachmentRef, ...] = (),
        client_message_id: str | None = None,
        author_id: str | None = None,
    ) -> ChatMessage:
        seq = self.record.seq + 1
        message = ChatMessage(
            seq=seq,
            author_kind=author_kind,
            author_name=author_name,
            author_id=author_id,
            text=text,
            sent_at=self.now,
            attachments=attachments,
            client_message_id=client_message_id,
        )
        self._append(message)
        if client_message_id:
            sent = ClientMessageId(id=client_message_id, seq=seq)
            kept = (*self.record.client_ids, sent)[-50:]
            self.update(client_ids=kept)
        return message

    def add_reply(self, assistant_name: str, reply: BotReply) -> None:
        self._append(bot_message(self.record.seq + 1, assistant_name, reply, self.now))

    def _append(self, message: ChatMessage) -> None:
        self.messages.append(message)
        self.update(seq=message.seq)

    def queue_changed(self, group: str | None) -> None:
        self.queue_groups.add(group)


def take_turn(context: ChatContext, step: Step, turn: Turn) -> None:
    """Keep the turn's state and replies (its actions are carried out by `run_turn`)."""
    step.update(conversation=turn.conversation)
    for reply in turn.replies:
        step.add_reply(context.profile.name, reply)


Build = Callable[[Step], Awaitable[bool]]
"""Fills a step of one conversation; False when there is nothing to store."""


class ConversationWriter(Protocol):
    """Applies steps to stored conversations (the chat service; queue upkeep only needs this)."""

    context: ChatContext

    async def change(self, session_id: str, build: Build) -> Step | None: ...
