"""An agent passes the conversation to a colleague or back to a group's queue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from chat.domain.action_results import AgentJoined, HandoffQueued
from chat.domain.conversation import Stage
from chat.domain.transfer_flow import transfer_to_agent, transfer_to_group

if TYPE_CHECKING:
    from services.chat.tests.conftest import ChatDriver


def _with_agent(chat: ChatDriver) -> None:
    chat.identified()
    chat.say("3")
    chat.report(HandoffQueued(position=1))
    chat.report(AgentJoined(agent_name="Carla"))


def test_transfer_to_a_colleague_names_the_new_agent(chat: ChatDriver) -> None:
    _with_agent(chat)
    turn = transfer_to_agent(chat.conversation, agent_name="Diego")
    assert "transferida para Diego" in chat.texts(turn)
    assert turn.conversation.agent_name == "Diego"
    assert turn.conversation.stage is Stage.WITH_AGENT


def test_transfer_to_a_group_puts_the_customer_back_in_the_queue(chat: ChatDriver) -> None:
    _with_agent(chat)
    turn = transfer_to_group(chat.conversation, position=2)
    assert "na posição 2" in chat.texts(turn)
    assert turn.conversation.stage is Stage.QUEUED
    assert turn.conversation.agent_name is None
    chat.turn = turn
    joined = chat.report(AgentJoined(agent_name="Diego"))
    assert joined.conversation.stage is Stage.WITH_AGENT


def test_only_a_conversation_with_an_agent_can_be_transferred(chat: ChatDriver) -> None:
    chat.identified()
    assert transfer_to_agent(chat.conversation, agent_name="Diego").replies == ()
    assert transfer_to_group(chat.conversation, position=1).replies == ()
