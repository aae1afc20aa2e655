"""An agent passes the conversation on: to a colleague directly, or back to a group's queue."""

from __future__ import annotations

from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.messages import Text


def transfer_to_agent(conversation: Conversation, *, agent_name: str) -> Turn:
    """Another agent takes over at once; only a conversation with an agent can move."""
    if conversation.stage is not Stage.WITH_AGENT:
        return Turn(conversation=conversation)
    moved = conversation.model_copy(update={"agent_name": agent_name})
    told = reply(Text.TRANSFERRED_TO_AGENT, conversation.language, agent=agent_name)
    return Turn(conversation=moved, replies=(told,))


def transfer_to_group(conversation: Conversation, *, position: int) -> Turn:
    """Back to the queue (of another group) at `position`, waiting for its next agent."""
    if conversation.stage is not Stage.WITH_AGENT:
        return Turn(conversation=conversation)
    queued = conversation.model_copy(
        update={"stage": Stage.QUEUED, "agent_name": None, "queue_position": position}
    )
    told = reply(Text.TRANSFERRED_TO_GROUP, conversation.language, position=position)
    return Turn(conversation=queued, replies=(told,))
