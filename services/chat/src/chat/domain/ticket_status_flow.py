"""Ticket status by protocol number, shown only to the ticket's requester, and only once the
customer proved they read the chat's email address (a code sent to it: email_proof_flow)."""

from __future__ import annotations

from chat.domain.action_results import TicketFound, TicketNotFound, TicketStatus
from chat.domain.assistant_actions import LookUpTicket, SendEmailCode
from chat.domain.assistant_turn import Turn
from chat.domain.bot_reply import reply
from chat.domain.conversation import Conversation, Stage
from chat.domain.customer_details import read_protocol_number, same_requester
from chat.domain.messages import Text, say
from chat.domain.prompts import back_to_menu, prompt_for

_STATUS_TEXTS = {
    TicketStatus.WAITING: (Text.STATUS_WAITING, Text.MEANING_WAITING),
    TicketStatus.IN_PROGRESS: (Text.STATUS_IN_PROGRESS, Text.MEANING_IN_PROGRESS),
    TicketStatus.AWAITING_YOUR_REPLY: (
        Text.STATUS_AWAITING_REPLY,
        Text.MEANING_AWAITING_REPLY,
    ),
    TicketStatus.RESOLVED: (Text.STATUS_RESOLVED, Text.MEANING_RESOLVED),
}


def ask_protocol(conversation: Conversation) -> Turn:
    """Ask for the protocol number."""
    asking = conversation.model_copy(update={"stage": Stage.ASKING_PROTOCOL})
    return Turn(conversation=asking, replies=prompt_for(asking))


def take_protocol(conversation: Conversation, text: str) -> Turn:
    """Ask the application layer to look the ticket up, or ask again for the number."""
    language = conversation.language
    number = read_protocol_number(text)
    if number is None:
        return Turn(conversation=conversation, replies=(reply(Text.INVALID_PROTOCOL, language),))
    wanted = conversation.model_copy(update={"protocol_number": number})
    if not wanted.email_verified:
        return ask_for_code(wanted)
    return look_up(wanted, number)


def ask_for_code(conversation: Conversation) -> Turn:
    """Typing an address proves nothing: email a code to it and wait for the customer to type it."""
    email = conversation.customer_email or ""
    asking = conversation.model_copy(update={"stage": Stage.ASKING_CODE})
    return Turn(conversation=asking, actions=(SendEmailCode(email=email),))


def look_up(conversation: Conversation, number: str) -> Turn:
    """Ask the application layer for the ticket (the address is proven by now)."""
    looking = conversation.model_copy(
        update={"stage": Stage.LOOKING_UP_TICKET, "protocol_number": number}
    )
    action = LookUpTicket(number=number, requester_email=conversation.customer_email or "")
    return Turn(
        conversation=looking,
        replies=(reply(Text.PLEASE_WAIT, conversation.language),),
        actions=(action,),
    )


def show_ticket(conversation: Conversation, result: TicketFound | TicketNotFound) -> Turn:
    """The ticket's status for its requester; the same neutral "not found" for anyone else."""
    waiting_for = conversation.protocol_number
    if conversation.stage is not Stage.LOOKING_UP_TICKET or result.number.upper() != waiting_for:
        return Turn(conversation=conversation)
    language = conversation.language
    email = conversation.customer_email or ""
    proven = conversation.email_verified
    if proven and isinstance(result, TicketFound) and same_requester(result.requester_email, email):
        status, meaning = _STATUS_TEXTS[result.status]
        answer = reply(
            Text.TICKET_STATUS,
            language,
            number=waiting_for,
            status=say(status, language),
            meaning=say(meaning, language),
        )
    else:
        answer = reply(Text.TICKET_NOT_FOUND, language, number=waiting_for, email=email)
    return back_to_menu(conversation, answer)
