"""What the assistant does with an ordinary message, stage by stage (shortcuts come first)."""

from __future__ import annotations

from collections.abc import Callable

from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.customer_input import CustomerInput, CustomerText, read_menu_option, text_of
from chat.domain.email_proof_flow import take_code
from chat.domain.ending_flow import take_rating
from chat.domain.handoff_flow import request_agent, take_ticket_offer
from chat.domain.identification import take_email, take_name
from chat.domain.messages import Text
from chat.domain.prompts import back_to_menu, prompt_for
from chat.domain.question_flow import answer_question, ask_question, take_agent_offer, take_feedback
from chat.domain.ticket_opening_flow import ask_description, take_description
from chat.domain.ticket_status_flow import ask_protocol, take_protocol

StageHandler = Callable[[AssistantProfile, Conversation, CustomerInput], Turn]


def answer_in_stage(
    profile: AssistantProfile, conversation: Conversation, customer_input: CustomerInput
) -> Turn:
    """Hand the message to the step the conversation is at."""
    return _STAGE_HANDLERS[conversation.stage](profile, conversation, customer_input)


def _menu(profile: AssistantProfile, conversation: Conversation, given: CustomerInput) -> Turn:
    option = read_menu_option(text_of(given))
    if option == "1":
        return ask_question(conversation)
    if option == "2":
        return ask_protocol(conversation)
    if option == "3":
        return request_agent(conversation)
    if option == "4":
        return ask_description(conversation)
    if isinstance(given, CustomerText) and given.text.strip():
        return answer_question(profile, conversation, given.text)  # a question typed right away
    return back_to_menu(conversation, reply(Text.INVALID_OPTION, conversation.language))


def _with_text(step: Callable[[Conversation, str], Turn]) -> StageHandler:
    return lambda _profile, conversation, given: step(conversation, text_of(given))


def _silent(_profile: AssistantProfile, conversation: Conversation, _: CustomerInput) -> Turn:
    """The customer writes to the agent (or for the agent to read): nothing for the bot to say."""
    return Turn(conversation=conversation)


def _repeat_prompt(
    _profile: AssistantProfile, conversation: Conversation, _: CustomerInput
) -> Turn:
    return Turn(conversation=conversation, replies=prompt_for(conversation))


def _question(profile: AssistantProfile, conversation: Conversation, given: CustomerInput) -> Turn:
    text = text_of(given)
    if not text.strip():
        return _repeat_prompt(profile, conversation, given)
    return answer_question(profile, conversation, text)


_STAGE_HANDLERS: dict[Stage, StageHandler] = {
    Stage.ASKING_NAME: _with_text(take_name),
    Stage.ASKING_EMAIL: _with_text(take_email),
    Stage.MENU: _menu,
    Stage.ASKING_QUESTION: _question,
    Stage.AWAITING_FEEDBACK: take_feedback,
    Stage.OFFERING_AGENT: take_agent_offer,
    Stage.ASKING_PROTOCOL: _with_text(take_protocol),
    Stage.ASKING_CODE: _with_text(take_code),
    Stage.LOOKING_UP_TICKET: _repeat_prompt,
    Stage.REQUESTING_AGENT: _repeat_prompt,
    Stage.QUEUED: _silent,
    Stage.WITH_AGENT: _silent,
    Stage.OFFERING_TICKET: lambda _profile, conversation, given: take_ticket_offer(
        conversation, given
    ),
    Stage.ASKING_DESCRIPTION: _with_text(take_description),
    Stage.OPENING_TICKET: _repeat_prompt,
    Stage.ASKING_RATING: lambda _profile, conversation, given: take_rating(conversation, given),
    Stage.ENDED: _repeat_prompt,
}
