"""What the assistant says to (re)start each stage: after a language switch, a detour, a retry."""

from __future__ import annotations

from chat.domain.assistant_actions import AssistantAction
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import BotReply, menu_reply, rating_reply, reply, yes_no_reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.messages import Text


def back_to_menu(
    conversation: Conversation,
    *lead: BotReply,
    actions: tuple[AssistantAction, ...] = (),
) -> Turn:
    """Show the main menu after the given replies; nothing stays pending."""
    moved = conversation.model_copy(
        update={
            "stage": Stage.MENU,
            "suggested_article": None,
            "protocol_number": None,
            "queue_position": None,
        }
    )
    return Turn(conversation=moved, replies=(*lead, menu_reply(moved.language)), actions=actions)


def prompt_for(conversation: Conversation) -> tuple[BotReply, ...]:
    """The question the conversation's stage is waiting an answer to."""
    language = conversation.language
    match conversation.stage:
        case Stage.ASKING_NAME:
            return (reply(Text.ASK_NAME, language),)
        case Stage.ASKING_EMAIL:
            return (reply(Text.ASK_EMAIL, language, name=conversation.first_name),)
        case Stage.MENU:
            return (menu_reply(language),)
        case Stage.ASKING_QUESTION:
            return (reply(Text.ASK_QUESTION, language),)
        case Stage.AWAITING_FEEDBACK:
            return (yes_no_reply(Text.ASK_FEEDBACK, language),)
        case Stage.OFFERING_AGENT:
            return (yes_no_reply(Text.OFFER_AGENT, language),)
        case Stage.ASKING_PROTOCOL:
            return (reply(Text.ASK_PROTOCOL, language),)
        case Stage.ASKING_CODE:
            return (reply(Text.ASK_CODE, language, email=conversation.customer_email),)
        case Stage.LOOKING_UP_TICKET | Stage.REQUESTING_AGENT | Stage.OPENING_TICKET:
            return (reply(Text.PLEASE_WAIT, language),)
        case Stage.QUEUED:
            return (reply(Text.ALREADY_QUEUED, language, position=conversation.queue_position),)
        case Stage.WITH_AGENT:
            return (reply(Text.TALKING_WITH_AGENT, language, agent=conversation.agent_name),)
        case Stage.OFFERING_TICKET:
            return (yes_no_reply(Text.OFFER_TICKET, language),)
        case Stage.ASKING_DESCRIPTION:
            return (reply(Text.ASK_DESCRIPTION, language),)
        case Stage.ASKING_RATING:
            return (rating_reply(Text.ASK_RATING, language),)
        case Stage.ENDED:
            return (reply(Text.CONVERSATION_ENDED, language),)
