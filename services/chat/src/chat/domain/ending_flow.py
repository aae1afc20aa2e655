"""Ending a conversation: either side ends it, the customer rates it from 1 to 5."""

from __future__ import annotations

from chat.domain.action_results import TranscriptFiled
from chat.domain.assistant_actions import EndChat, RecordRating
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import BotReply, rating_reply, reply
from chat.domain.conversation import FINISHED, Conversation, Stage
from chat.domain.customer_input import CustomerInput, read_rating, text_of
from chat.domain.messages import Text, say
from chat.domain.transcript import AuthorKind


def end_conversation(conversation: Conversation, *, ended_by: AuthorKind) -> Turn:
    """Stop the chat and ask for a rating (once: ending twice changes nothing)."""
    if conversation.stage in FINISHED:
        return Turn(conversation=conversation)
    language = conversation.language
    lead: tuple[BotReply, ...] = ()
    if ended_by is AuthorKind.AGENT:
        agent = conversation.agent_name or say(Text.AUTHOR_AGENT, language).capitalize()
        lead = (reply(Text.AGENT_ENDED, language, agent=agent),)
    rating = conversation.model_copy(update={"stage": Stage.ASKING_RATING, "ended_by": ended_by})
    return Turn(
        conversation=rating,
        replies=(*lead, rating_reply(Text.ASK_RATING, language)),
        actions=(EndChat(ended_by=ended_by),),
    )


def take_rating(conversation: Conversation, customer_input: CustomerInput) -> Turn:
    """Record a 1-5 score, or ask again for one."""
    language = conversation.language
    score = read_rating(text_of(customer_input))
    if score is None:
        again = rating_reply(Text.INVALID_RATING, language)
        return Turn(conversation=conversation, replies=(again,))
    rated = conversation.model_copy(update={"stage": Stage.ENDED, "rating": score})
    return Turn(
        conversation=rated,
        replies=(reply(Text.RATING_THANKS, language),),
        actions=(RecordRating(score=score),),
    )


def skip_rating(conversation: Conversation) -> Turn:
    """The customer left without rating."""
    ended = conversation.model_copy(update={"stage": Stage.ENDED})
    return Turn(conversation=ended, replies=(reply(Text.GOODBYE, conversation.language),))


def on_transcript_filed(conversation: Conversation, result: TranscriptFiled) -> Turn:
    """Tell the customer which ticket holds the record of this conversation."""
    filed = conversation.model_copy(update={"transcript_ticket": result.number})
    return Turn(
        conversation=filed,
        replies=(reply(Text.TRANSCRIPT_FILED, conversation.language, number=result.number),),
    )
