"""The customer proves the chat's email address by typing the code sent to it."""

from __future__ import annotations

from chat.domain.action_results import CodeAccepted, CodeRefusal, CodeRefused, CodeSent
from chat.domain.assistant_actions import CheckEmailCode
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.customer_details import same_requester
from chat.domain.messages import Text
from chat.domain.prompts import back_to_menu
from chat.domain.ticket_status_flow import look_up

CODE_LENGTH = 6


def take_code(conversation: Conversation, text: str) -> Turn:
    """Ask the application layer to check the code typed ("123 456" reads as 123456)."""
    digits = "".join(char for char in text if char.isdigit())
    if len(digits) != CODE_LENGTH:
        email = conversation.customer_email or ""
        again = reply(Text.ASK_CODE, conversation.language, email=email)
        return Turn(conversation=conversation, replies=(again,))
    return Turn(conversation=conversation, actions=(CheckEmailCode(code=digits),))


def on_code_result(
    conversation: Conversation, result: CodeSent | CodeAccepted | CodeRefused
) -> Turn:
    """Sent: ask for it. Proven: look the ticket up. Wrong: type again. Unusable: the menu."""
    if conversation.stage is not Stage.ASKING_CODE:
        return Turn(conversation=conversation)
    language = conversation.language
    email = conversation.customer_email or ""
    if isinstance(result, CodeSent):
        return Turn(
            conversation=conversation, replies=(reply(Text.CODE_SENT, language, email=email),)
        )
    if isinstance(result, CodeAccepted):
        if not same_requester(result.email, email):
            return back_to_menu(conversation, reply(Text.CODE_EXPIRED, language))
        proven = conversation.model_copy(update={"verified_email": email})
        return look_up(proven, conversation.protocol_number or "")
    if result.reason is CodeRefusal.WRONG:
        return Turn(conversation=conversation, replies=(reply(Text.CODE_WRONG, language),))
    if result.reason is CodeRefusal.TOO_MANY_CODES:
        return back_to_menu(conversation, reply(Text.TOO_MANY_CODES, language))
    return back_to_menu(conversation, reply(Text.CODE_EXPIRED, language))
