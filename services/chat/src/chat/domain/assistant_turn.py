"""One step of the assistant: new state, replies to send, actions for the application layer."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from chat.domain.assistant_actions import AssistantAction
from chat.domain.bot_reply import BotReply
from chat.domain.conversation import Conversation


class Turn(BaseModel):
    """The outcome of one step; replies are sent in order, actions are carried out in order."""

    model_config = ConfigDict(frozen=True)

    conversation: Conversation
    replies: tuple[BotReply, ...] = ()
    actions: tuple[AssistantAction, ...] = ()
