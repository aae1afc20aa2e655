"""Handing the customer over to a human agent: queue, outside hours, nobody online."""

from __future__ import annotations

from chat.domain.action_results import (
    AgentJoined,
    HandoffQueued,
    NoAgentOnline,
    QueuePositionChanged,
    SupportClosed,
)
from chat.domain.assistant_actions import LeaveQueue, RequestHandoff
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import BotReply, reply, yes_no_reply
from chat.domain.business_hours_notice import support_hours_notice
from chat.domain.conversation import Conversation, Stage
from chat.domain.customer_input import CustomerInput, read_yes_no, text_of
from chat.domain.messages import Text
from chat.domain.prompts import back_to_menu, prompt_for
from chat.domain.ticket_opening_flow import ask_description

HandoffResult = HandoffQueued | QueuePositionChanged | AgentJoined | SupportClosed | NoAgentOnline


def request_agent(conversation: Conversation) -> Turn:
    """Ask the application layer for an agent (unless one is already coming)."""
    if conversation.stage in (Stage.QUEUED, Stage.WITH_AGENT, Stage.REQUESTING_AGENT):
        return Turn(conversation=conversation, replies=prompt_for(conversation))
    requesting = conversation.model_copy(update={"stage": Stage.REQUESTING_AGENT})
    action = RequestHandoff(
        customer_name=conversation.customer_name or "",
        customer_email=conversation.customer_email or "",
        language=conversation.language,
    )
    return Turn(
        conversation=requesting,
        replies=(reply(Text.HANDOFF_REQUESTED, conversation.language),),
        actions=(action,),
    )


def leave_queue(conversation: Conversation) -> Turn:
    """The customer gave up waiting and went back to the menu."""
    return back_to_menu(conversation, actions=(LeaveQueue(),))


def on_handoff_result(
    profile: AssistantProfile, conversation: Conversation, result: HandoffResult
) -> Turn:
    """Tell the customer where the handoff stands; results that came too late are ignored."""
    language = conversation.language
    stage = conversation.stage
    if isinstance(result, AgentJoined) and stage in (Stage.REQUESTING_AGENT, Stage.QUEUED):
        joined = conversation.model_copy(
            update={
                "stage": Stage.WITH_AGENT,
                "agent_name": result.agent_name,
                "queue_position": None,
            }
        )
        return Turn(
            conversation=joined,
            replies=(reply(Text.AGENT_JOINED, language, agent=result.agent_name),),
        )
    if isinstance(result, QueuePositionChanged) and stage is Stage.QUEUED:
        moved = conversation.model_copy(update={"queue_position": result.position})
        return Turn(
            conversation=moved,
            replies=(reply(Text.QUEUE_MOVED, language, position=result.position),),
        )
    if stage is not Stage.REQUESTING_AGENT:
        return Turn(conversation=conversation)
    if isinstance(result, HandoffQueued):
        queued = conversation.model_copy(
            update={"stage": Stage.QUEUED, "queue_position": result.position}
        )
        return Turn(
            conversation=queued,
            replies=(reply(Text.QUEUED, language, position=result.position),),
        )
    if isinstance(result, SupportClosed):
        notice = support_hours_notice(
            is_open=False,
            next_opening=result.next_opening,
            language=language,
            hours=profile.opening_hours,
            now=result.checked_at,
            time_zone=profile.time_zone,
        )
        return _offer_ticket(conversation, BotReply(text=notice))
    if isinstance(result, NoAgentOnline):
        return _offer_ticket(conversation, reply(Text.NO_AGENT_ONLINE, language))
    return Turn(conversation=conversation)


def take_ticket_offer(conversation: Conversation, customer_input: CustomerInput) -> Turn:
    """Yes asks for a description of the ticket, no goes back to the menu."""
    wants_ticket = read_yes_no(text_of(customer_input))
    if wants_ticket is None:
        return Turn(conversation=conversation, replies=prompt_for(conversation))
    if wants_ticket:
        return ask_description(conversation)
    return back_to_menu(conversation, reply(Text.OKAY, conversation.language))


def _offer_ticket(conversation: Conversation, explanation: BotReply) -> Turn:
    offering = conversation.model_copy(update={"stage": Stage.OFFERING_TICKET})
    return Turn(
        conversation=offering,
        replies=(explanation, yes_no_reply(Text.OFFER_TICKET, conversation.language)),
    )
