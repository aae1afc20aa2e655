"""The virtual assistant as a pure state machine: (conversation, input) -> Turn.

The application layer stores `Turn.conversation`, sends `Turn.replies`, carries out
`Turn.actions` and later feeds each action's outcome back through `handle_result`.
"""

from __future__ import annotations

from chat.domain.action_results import (
    ActionFailed,
    ActionResult,
    AgentEnded,
    CodeAccepted,
    CodeRefused,
    CodeSent,
    TicketFound,
    TicketNotFound,
    TicketOpened,
    TranscriptFiled,
)
from chat.domain.assistant_profile import AssistantProfile
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import reply
from chat.domain.conversation import IDENTIFYING, WAITING_FOR_APP, Conversation, Stage
from chat.domain.customer_input import (
    CustomerInput,
    CustomerText,
    Shortcut,
    recognise_shortcut,
    text_of,
)
from chat.domain.email_proof_flow import on_code_result
from chat.domain.ending_flow import end_conversation, on_transcript_filed, skip_rating
from chat.domain.handoff_flow import (
    leave_queue,
    on_handoff_result,
    request_agent,
)
from chat.domain.identification import greet
from chat.domain.language import Language
from chat.domain.messages import Text
from chat.domain.prompts import back_to_menu, prompt_for
from chat.domain.stage_handlers import answer_in_stage
from chat.domain.ticket_opening_flow import on_ticket_opened
from chat.domain.ticket_status_flow import show_ticket
from chat.domain.transcript import AuthorKind


def start_conversation(
    profile: AssistantProfile,
    *,
    language: Language = Language.PT_BR,
    customer_name: str | None = None,
    customer_email: str | None = None,
) -> Turn:
    """Greet a new customer; name and email already known to the page skip those questions."""
    return greet(
        profile, language=language, customer_name=customer_name, customer_email=customer_email
    )


def handle_input(
    profile: AssistantProfile, conversation: Conversation, customer_input: CustomerInput
) -> Turn:
    """React to what the customer sent. Shortcuts (menu, sair/exit, atendente/agent, english,
    português) work in every stage, except that with an agent only "sair"/"exit" is read."""
    shortcut = recognise_shortcut(text_of(customer_input))
    if not isinstance(customer_input, CustomerText) or (
        conversation.stage is Stage.WITH_AGENT and shortcut is not Shortcut.END
    ):
        shortcut = None
    if shortcut is not None:
        return _follow_shortcut(conversation, shortcut)
    return answer_in_stage(profile, conversation, customer_input)


def handle_result(
    profile: AssistantProfile, conversation: Conversation, result: ActionResult
) -> Turn:
    """React to what the application layer reports; stale results change nothing."""
    if isinstance(result, TicketFound | TicketNotFound):
        return show_ticket(conversation, result)
    if isinstance(result, CodeSent | CodeAccepted | CodeRefused):
        return on_code_result(conversation, result)
    if isinstance(result, TicketOpened):
        return on_ticket_opened(conversation, result)
    if isinstance(result, AgentEnded):
        return end_conversation(conversation, ended_by=AuthorKind.AGENT)
    if isinstance(result, TranscriptFiled):
        return on_transcript_filed(conversation, result)
    if isinstance(result, ActionFailed):
        if conversation.stage not in WAITING_FOR_APP:
            return Turn(conversation=conversation)
        return back_to_menu(conversation, reply(Text.TEMPORARY_FAILURE, conversation.language))
    return on_handoff_result(profile, conversation, result)


def _follow_shortcut(conversation: Conversation, shortcut: Shortcut) -> Turn:
    language = conversation.language
    if shortcut in (Shortcut.ENGLISH, Shortcut.PORTUGUESE):
        switched = conversation.model_copy(
            update={"language": Language.EN if shortcut is Shortcut.ENGLISH else Language.PT_BR}
        )
        changed = reply(Text.LANGUAGE_CHANGED, switched.language)
        return Turn(conversation=switched, replies=(changed, *prompt_for(switched)))
    if conversation.stage is Stage.ENDED:
        return Turn(conversation=conversation, replies=prompt_for(conversation))
    if conversation.stage is Stage.ASKING_RATING:
        if shortcut is Shortcut.END:
            return skip_rating(conversation)
        return Turn(conversation=conversation, replies=prompt_for(conversation))
    if shortcut is Shortcut.END:
        return end_conversation(conversation, ended_by=AuthorKind.CUSTOMER)
    if conversation.stage in IDENTIFYING:
        first = reply(Text.IDENTIFY_FIRST, language)
        return Turn(conversation=conversation, replies=(first, *prompt_for(conversation)))
    if shortcut is Shortcut.AGENT:
        return request_agent(conversation)
    if conversation.stage in (Stage.QUEUED, Stage.REQUESTING_AGENT):
        return leave_queue(conversation)  # the app may have queued them already
    return back_to_menu(conversation)
